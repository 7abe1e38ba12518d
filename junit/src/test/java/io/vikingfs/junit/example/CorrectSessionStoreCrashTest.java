package io.vikingfs.junit.example;

import io.vikingfs.junit.example.AgentSessionStore.Bug;

import java.util.EnumSet;
import java.util.Set;

/** The corrected session store passes every checked state of every crash point of both workloads. */
class CorrectSessionStoreCrashTest extends SessionStoreScenarios {
    @Override
    Set<Bug> bugs() {
        return EnumSet.noneOf(Bug.class);
    }
}
