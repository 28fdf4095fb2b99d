package io.qtj.benchmarks;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The TCP workloads on Netty 4.1's NIO transport, written as Netty's examples write them: pooled
 * buffers, handlers on the event loop, the calling thread waiting on a future.
 */
final class NettyNet {
    private NettyNet() {
    }

    static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    static <T> T await(CompletableFuture<T> f, long timeoutMs, String what) throws Exception {
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(what + " timed out after " + timeoutMs + " ms", e);
        }
    }

    /** A client handler that does nothing (the connection-rate client only connects and closes). */
    @ChannelHandler.Sharable
    static final class Idle extends ChannelInboundHandlerAdapter {
        static final Idle INSTANCE = new Idle();
    }

    /** An echo handler: writes every buffer back. */
    @ChannelHandler.Sharable
    static final class Echo extends ChannelInboundHandlerAdapter {
        static final Echo INSTANCE = new Echo();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    /**
     * Loopback with client and server on one event loop: the client keeps at most 4 payloads of
     * 64 KiB queued (a write-buffer high-water mark of 4 payloads, refilled on writability); the
     * server checks every byte.
     */
    static final class Loopback implements AutoCloseable {
        final EventLoopGroup group = new NioEventLoopGroup(1);

        long run(long total, long timeoutMs) throws Exception {
            CompletableFuture<Long> done = new CompletableFuture<>();
            ByteBuf storage = Unpooled.directBuffer(Workloads.PAYLOAD).writeBytes(Workloads.payload(Workloads.PAYLOAD, Workloads.LOOPBACK_BYTE));
            // slices are retained per write; the storage itself is released once the run is over
            ByteBuf payload = Unpooled.unreleasableBuffer(storage);
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInboundHandlerAdapter() {
                        long received;

                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ByteBuf b = (ByteBuf) msg;
                            try {
                                try {
                                    Workloads.check(b.nioBuffer(b.readerIndex(), b.readableBytes()));
                                } catch (IllegalStateException e) {
                                    done.completeExceptionally(e);
                                    return;
                                }
                                received += b.readableBytes();
                                if (received == total) {
                                    done.complete(received);
                                }
                            } finally {
                                b.release();
                            }
                        }
                    }).bind(ANY_PORT).sync().channel();
            Channel client = null;
            try {
                long[] left = {total};
                client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                        .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                                new WriteBufferWaterMark(Workloads.PAYLOAD, 4 * Workloads.PAYLOAD))
                        .handler(new ChannelInboundHandlerAdapter() {
                            void fill(ChannelHandlerContext ctx) {
                                while (left[0] > 0 && ctx.channel().isWritable()) {
                                    int n = (int) Math.min(left[0], Workloads.PAYLOAD);
                                    left[0] -= n;
                                    ctx.write(payload.retainedSlice(0, n));
                                }
                                ctx.flush();
                            }

                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                fill(ctx);
                            }

                            @Override
                            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                                fill(ctx);
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                done.completeExceptionally(cause);
                            }
                        }).connect(server.localAddress()).sync().channel();
                return await(done, timeoutMs, "netty loopback");
            } finally {
                if (client != null) {
                    client.close().sync();
                }
                server.close().sync();
                storage.release();
            }
        }

        @Override
        public void close() {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** An echo server on its own one-thread event loop. */
    static final class EchoServer implements AutoCloseable {
        final EventLoopGroup group = new NioEventLoopGroup(1);
        final Channel channel;
        final int port;

        EchoServer() throws InterruptedException {
            channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childHandler(Echo.INSTANCE).bind(ANY_PORT).sync().channel();
            port = ((InetSocketAddress) channel.localAddress()).getPort();
        }

        @Override
        public void close() {
            channel.close().syncUninterruptibly();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Echo clients on their own one-thread event loop; the calling thread starts and waits. */
    static final class EchoClients implements AutoCloseable {
        final EventLoopGroup group = new NioEventLoopGroup(1);
        final Channel[] channels;
        final ByteBuf message;
        final int size;
        volatile Round round;

        /** The state of one run, reached from the event loop only. */
        static final class Round {
            final int messages;
            final CompletableFuture<Long> done = new CompletableFuture<>();
            int finished;

            Round(int messages) {
                this.messages = messages;
            }
        }

        final class Client extends ChannelInboundHandlerAdapter {
            int sent;
            long pending;

            void start(ChannelHandlerContext ctx) {
                sent = 1;
                pending = size;
                ctx.writeAndFlush(message.retainedDuplicate());
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf b = (ByteBuf) msg;
                pending -= b.readableBytes();
                b.release();
                if (pending > 0) {
                    return;
                }
                Round r = round;
                if (sent < r.messages) {
                    sent++;
                    pending = size;
                    ctx.writeAndFlush(message.retainedDuplicate());
                } else if (++r.finished == channels.length) {
                    r.done.complete((long) r.messages * channels.length);
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                round.done.completeExceptionally(cause);
            }
        }

        EchoClients(int port, int connections, int size) throws InterruptedException {
            this.size = size;
            message = Unpooled.unreleasableBuffer(
                    Unpooled.directBuffer(size).writeBytes(Workloads.payload(size, (byte) 'e')));
            channels = new Channel[connections];
            Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new Client());
                        }
                    });
            for (int i = 0; i < connections; i++) {
                channels[i] = b.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).sync().channel();
            }
        }

        long run(int messages, long timeoutMs) throws Exception {
            Round r = new Round(messages);
            round = r;
            group.next().execute(() -> {
                for (Channel c : channels) {
                    ChannelHandlerContext ctx = c.pipeline().context(Client.class);
                    ((Client) ctx.handler()).start(ctx);
                }
            });
            return await(r.done, timeoutMs, "netty echo");
        }

        @Override
        public void close() {
            for (Channel c : channels) {
                if (c != null) {
                    c.close().syncUninterruptibly();
                }
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Connect + accept + close cycles; client and server on one event loop. */
    static final class ConnRate implements AutoCloseable {
        final EventLoopGroup group = new NioEventLoopGroup(1);
        final LinkedBlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();
        final Channel server;
        final Bootstrap client;

        ConnRate() throws InterruptedException {
            server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childHandler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelActive(ChannelHandlerContext ctx) {
                            accepted.add(ctx.channel());   // never blocks the loop the client shares
                        }

                        @Override
                        public boolean isSharable() {
                            return true;
                        }
                    }).bind(ANY_PORT).sync().channel();
            client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(Idle.INSTANCE);
        }

        void cycle(long timeoutMs) throws Exception {
            Channel c = client.connect(server.localAddress()).sync().channel();
            Channel a = accepted.poll(timeoutMs, TimeUnit.MILLISECONDS);
            if (a == null) {
                c.close();
                throw new IllegalStateException("netty connrate: no accept within " + timeoutMs + " ms");
            }
            a.close().sync();   // the server side first: see ConnRateBenchmark
            c.close().sync();
        }

        @Override
        public void close() {
            server.close().syncUninterruptibly();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** 1-byte round trips; client and echo server on one event loop, timed on the loop. */
    static long[] pingpong(int warmup, int count, long timeoutMs) throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            long[] rtts = new long[count];
            CompletableFuture<long[]> done = new CompletableFuture<>();
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(Echo.INSTANCE).bind(ANY_PORT).sync().channel();
            ByteBuf one = Unpooled.unreleasableBuffer(Unpooled.directBuffer(1).writeByte('!'));
            Channel client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInboundHandlerAdapter() {
                        int round;
                        long sentAt;

                        void ping(ChannelHandlerContext ctx) {
                            sentAt = System.nanoTime();
                            ctx.writeAndFlush(one.duplicate());
                        }

                        @Override
                        public void channelActive(ChannelHandlerContext ctx) {
                            ping(ctx);
                        }

                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            long now = System.nanoTime();
                            ((ByteBuf) msg).release();
                            if (round >= warmup) {
                                rtts[round - warmup] = now - sentAt;
                            }
                            if (++round < warmup + count) {
                                ping(ctx);
                            } else {
                                done.complete(rtts);
                            }
                        }
                    }).connect(server.localAddress()).sync().channel();
            try {
                return await(done, timeoutMs, "netty pingpong");
            } finally {
                client.close().sync();
                server.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
