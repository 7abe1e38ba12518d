package io.vikingfs.telemetry;

/**
 * A store that reports what happens inside it (flushes, lock waits, object requests) to its {@link Telemetry}.
 * The local, memory and S3 backends are observable; {@link Telemetry#observe} finds the hub through
 * {@link io.vikingfs.ForwardingVikingFs} decorators.
 */
public interface Observable {
    /** This store's hub; the same object for the store's lifetime. */
    Telemetry telemetry();
}
