package org.apache.flink.streaming.connectors.cassandra.internal.nativelib;

import org.apache.flink.streaming.connectors.cassandra.CassandraConnectorException;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeHandle.Use;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The use count: the release runs once, after the last call in flight, never under a call. */
class NativeHandleTest {

    private static final class Counting implements LongConsumer {
        final AtomicInteger releases = new AtomicInteger();
        volatile long released;

        @Override
        public void accept(long handle) {
            released = handle;
            releases.incrementAndGet();
        }
    }

    private static final class TestHandle extends NativeHandle {
        TestHandle(long handle, LongConsumer release) {
            super(handle, release, "test handle");
        }
    }

    @Test
    void closeWithoutCallsReleasesAtOnceAndOnlyOnce() {
        Counting release = new Counting();
        TestHandle handle = new TestHandle(42, release);
        handle.close();
        handle.close();
        assertThat(release.releases).hasValue(1);
        assertThat(release.released).isEqualTo(42);
        assertThatThrownBy(handle::acquire)
                .isInstanceOf(CassandraConnectorException.class)
                .hasMessage("The test handle is closed")
                .satisfies(e -> assertThat(((CassandraConnectorException) e).getCode())
                        .isEqualTo(CassandraConnectorException.Code.CLOSED));
    }

    @Test
    void closeDuringCallsDefersTheReleaseToTheLastCall() {
        Counting release = new Counting();
        TestHandle handle = new TestHandle(7, release);
        Use first = handle.acquire();
        Use second = handle.acquire();
        assertThat(first.handle()).isEqualTo(7);
        handle.close();
        assertThat(handle.isClosed()).isTrue();
        assertThatThrownBy(handle::acquire).hasMessageContaining("closed");
        assertThat(handle.callsInFlight()).isEqualTo(2);
        first.close();
        assertThat(release.releases).as("a call is still inside").hasValue(0);
        second.close();
        assertThat(release.releases).hasValue(1);
        handle.close();
        assertThat(release.releases).hasValue(1);
    }

    @Test
    void callsBeforeCloseDoNotRelease() {
        Counting release = new Counting();
        TestHandle handle = new TestHandle(3, release);
        for (int i = 0; i < 3; i++) {
            try (Use use = handle.acquire()) {
                assertThat(use.handle()).isEqualTo(3);
            }
        }
        assertThat(release.releases).hasValue(0);
        assertThat(handle.callsInFlight()).isZero();
        handle.close();
        assertThat(release.releases).hasValue(1);
    }

    @Test
    @SuppressWarnings("try") // holding the use is what is tested
    void racingCallsAndCloseReleaseExactlyOnceAndNeverUnderACall() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 200; round++) {
                AtomicInteger inside = new AtomicInteger();
                AtomicInteger releasedUnderCall = new AtomicInteger();
                Counting counting = new Counting();
                LongConsumer release = h -> {
                    if (inside.get() != 0) {
                        releasedUnderCall.incrementAndGet();
                    }
                    counting.accept(h);
                };
                TestHandle handle = new TestHandle(round + 1, release);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> callers = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    callers.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < 100; i++) {
                            try (Use use = handle.acquire()) {
                                inside.incrementAndGet();
                                Thread.onSpinWait();
                                inside.decrementAndGet();
                            } catch (CassandraConnectorException closed) {
                                return null;
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                handle.close();
                for (Future<?> caller : callers) {
                    caller.get(60, TimeUnit.SECONDS);
                }
                assertThat(counting.releases).hasValue(1);
                assertThat(releasedUnderCall).hasValue(0);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
