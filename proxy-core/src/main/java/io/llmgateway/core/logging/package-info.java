/**
 * The process's log output: one line per event, UTC timestamps, the level names of
 * {@code --log-level}, the JDK's and Netty's own loggers held at {@code info}. The gateway logs
 * through Netty's {@code InternalLogger}, which writes to JDK logging in the fat jar.
 */
package io.llmgateway.core.logging;
