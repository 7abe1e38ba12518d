package io.vikingfs.bench.scenario;

import io.vikingfs.bench.harness.Env;
import io.vikingfs.bench.harness.Result;

import java.util.List;

/** A group of measurements run together (contenders alternating round by round) that yields result rows. */
public interface Scenario {
    /** A short identifier, for {@code --only}. */
    String id();

    List<Result> run(Env env) throws Exception;
}
