/**
 * Crash-test your application: a JUnit 5 extension and a plain-Java tester over the memory backend.
 *
 * <ul>
 *   <li>{@link io.vikingfs.junit.VikingFsExtension} / {@link io.vikingfs.junit.VikingFsTest}: a fresh in-memory store
 *       per test ({@link io.vikingfs.junit.StoreContent} fills it, {@link io.vikingfs.junit.InjectFaults} makes its
 *       disk fail);</li>
 *   <li>{@link io.vikingfs.junit.CrashTest} + {@link io.vikingfs.junit.AfterCrash}, or
 *       {@link io.vikingfs.junit.CrashTester}: the user's workload explored at every crash point under the crash
 *       models of docs/contract.md §3, with the states of the library's own explorer, and the user's checks run on
 *       every post-crash state; a failure reports the crash point, the call in flight, the primitive step, what was
 *       lost and what survived, the seed and a replay.</li>
 * </ul>
 */
package io.vikingfs.junit;
