package io.llmgateway.core.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;

/** Records the user events that reach it (messages go on to the channel's inbound queue). */
final class EventRecorder extends ChannelInboundHandlerAdapter {

    final List<Object> events = new ArrayList<>();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        events.add(evt);
        super.userEventTriggered(ctx, evt);
    }
}
