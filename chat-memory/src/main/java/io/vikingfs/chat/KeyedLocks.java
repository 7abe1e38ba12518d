package io.vikingfs.chat;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per key, dropped when nobody holds or waits for it, so a long-running server touching millions of
 * conversations keeps only the locks in use. Locks of different keys never wait for each other.
 */
final class KeyedLocks {
    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private final Map<String, Entry> entries = new HashMap<>();

    void lock(String key) {
        Entry e;
        synchronized (entries) {
            e = entries.computeIfAbsent(key, k -> new Entry());
            e.users++;
        }
        e.lock.lock();
    }

    void unlock(String key) {
        synchronized (entries) {
            Entry e = entries.get(key);
            e.lock.unlock();
            if (--e.users == 0) {
                entries.remove(key);
            }
        }
    }
}
