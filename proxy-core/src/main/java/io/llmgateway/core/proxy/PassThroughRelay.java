package io.llmgateway.core.proxy;

import io.llmgateway.codec.spi.Usage;

/**
 * What the two relays of unchanged OpenAI answers share: the client they write to, the end they
 * report to, and the usage read from the bytes on their way through ({@link RelayedUsage}).
 */
abstract class PassThroughRelay implements ResponseRelay {

    final ClientOutput out;
    final RelayEnd end;
    final RelayedUsage usage = new RelayedUsage();

    PassThroughRelay(ClientOutput out, RelayEnd end) {
        this.out = out;
        this.end = end;
    }

    @Override
    public Usage usage() {
        return usage.usage(out.alloc());
    }

    @Override
    public void release() {
        usage.release();
    }
}
