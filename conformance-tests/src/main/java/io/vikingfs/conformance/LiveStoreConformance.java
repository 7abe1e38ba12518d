package io.vikingfs.conformance;

/**
 * The suite bound to the factory {@link ConformanceRunner} was given: the one concrete suite class of this module,
 * run only through the runner (it lives in main code, so no build's test scan picks it up).
 */
final class LiveStoreConformance extends VikingFsConformance {
    /** Set by the runner for the duration of one run (runs are serialised). */
    static volatile FixtureFactory factory;

    @Override
    protected BackendFixture createFixture() throws Exception {
        FixtureFactory f = factory;
        if (f == null) {
            throw new IllegalStateException("LiveStoreConformance runs only through ConformanceRunner.run");
        }
        return f.create();
    }
}
