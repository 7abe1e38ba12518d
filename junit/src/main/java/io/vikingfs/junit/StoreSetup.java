package io.vikingfs.junit;

import io.vikingfs.VikingFs;

/**
 * What the store holds before the workload starts (a previous run's files). Its steps are not crash points; make
 * it durable (the default of {@code atomicWrite} and {@code append}) if it existed long before the crash.
 */
@FunctionalInterface
public interface StoreSetup {
    void prepare(VikingFs fs) throws Exception;
}
