package routes;

import sun.misc.Signal;

import java.util.concurrent.CountDownLatch;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM into an orderly stop on the main thread, so the process can stop
 * its consumers, flush, stop the embedded services and exit 0, instead of racing JVM shutdown hooks.
 */
public final class ShutdownSignal {

    private final CountDownLatch requested = new CountDownLatch(1);

    public static ShutdownSignal install() {
        ShutdownSignal signal = new ShutdownSignal();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), s -> signal.requested.countDown());
        }
        return signal;
    }

    public void await() throws InterruptedException {
        requested.await();
    }
}
