package io.vikingfs.conformance;

/** Makes a new {@link BackendFixture} — an empty, isolated store — for each test of the suite. */
@FunctionalInterface
public interface FixtureFactory {
    BackendFixture create() throws Exception;
}
