package io.vikingfs.object.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How {@link StoreAudit#forEndpoint} decides and how the audit measures. Immutable; start from
 * {@link #defaults()} and change with the {@code with…} methods, or from URI parameters with
 * {@link #withUriParameters(Map)}.
 */
public final class AuditOptions {

    /** When to measure. */
    public enum Mode {
        /** Load a fresh cached verdict for the endpoint; audit (and cache) only if there is none. The default. */
        AUDIT_IF_UNKNOWN,
        /** Audit now, whatever the cache holds, and cache the result. */
        ALWAYS_AUDIT,
        /** Measure nothing: the user vouches that the store keeps every promise (every guarantee assumed FULL). */
        TRUST_STORE
    }

    private final Mode mode;
    private final String scratchParent;
    private final AuditProbes probes;
    private final int racers;
    private final int raceKeys;
    private final int ifMatchRounds;
    private final Path cacheDir;
    private final Duration maxAge;
    private final Duration listingLagWait;
    private final Set<Guarantee> acceptedWeaker;
    private final String endpointId;

    private AuditOptions(Mode mode, String scratchParent, AuditProbes probes, int racers, int raceKeys, int ifMatchRounds,
                         Path cacheDir, Duration maxAge, Duration listingLagWait, Set<Guarantee> acceptedWeaker,
                         String endpointId) {
        this.mode = mode;
        this.scratchParent = scratchParent;
        this.probes = probes;
        this.racers = racers;
        this.raceKeys = raceKeys;
        this.ifMatchRounds = ifMatchRounds;
        this.cacheDir = cacheDir;
        this.maxAge = maxAge;
        this.listingLagWait = listingLagWait;
        this.acceptedWeaker = Collections.unmodifiableSet(acceptedWeaker.isEmpty()
                ? EnumSet.noneOf(Guarantee.class) : EnumSet.copyOf(acceptedWeaker));
        this.endpointId = endpointId;
    }

    /**
     * Audit if unknown; 16 racers on each of 20 keys and 24 If-Match rounds (S3Proxy's HEAD-then-PUT let several
     * racers win 25-40% of rounds here, so 24 rounds all passing by chance is below 1 in 10,000); scratch prefix
     * at the bucket's root; cache in {@code $XDG_CACHE_HOME/vikingfs/audit} (else {@code ~/.cache/vikingfs/audit})
     * for 7 days; wait up to 2 s for a lagging listing; no weaker mode accepted.
     */
    public static AuditOptions defaults() {
        return new AuditOptions(Mode.AUDIT_IF_UNKNOWN, "", null, 16, 20, 24, defaultCacheDir(), Duration.ofDays(7),
                Duration.ofSeconds(2), Set.of(), null);
    }

    static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("vikingfs").resolve("audit");
    }

    public AuditOptions withMode(Mode m) {
        return new AuditOptions(Objects.requireNonNull(m, "mode"), scratchParent, probes, racers, raceKeys,
                ifMatchRounds, cacheDir, maxAge, listingLagWait, acceptedWeaker, endpointId);
    }

    /**
     * The key prefix under which the audit creates (and removes) its {@code .vfs-audit-<uuid>/} scratch prefix —
     * typically the store's root prefix. A leading {@code /} is dropped and a trailing one added.
     */
    public AuditOptions withScratchParent(String parent) {
        Objects.requireNonNull(parent, "scratch parent");
        String p = parent.replaceFirst("^/+", "");
        p = p.isEmpty() || p.endsWith("/") ? p : p + "/";
        return new AuditOptions(mode, p, probes, racers, raceKeys, ifMatchRounds, cacheDir, maxAge, listingLagWait,
                acceptedWeaker, endpointId);
    }

    /**
     * The name the verdict and its cache entry go by, instead of {@code ObjectClient.describe()}: for an endpoint
     * whose address changes but whose software does not (an in-JVM S3Proxy on a random port), so it is audited
     * once and not on every start. {@code null} for the client's own description.
     */
    public AuditOptions withEndpointId(String id) {
        return new AuditOptions(mode, scratchParent, probes, racers, raceKeys, ifMatchRounds, cacheDir, maxAge,
                listingLagWait, acceptedWeaker, id);
    }

    /** The extra requests to measure (conditional multipart/delete/copy, append header); {@code null} for none. */
    public AuditOptions withProbes(AuditProbes p) {
        return new AuditOptions(mode, scratchParent, p, racers, raceKeys, ifMatchRounds, cacheDir, maxAge, listingLagWait,
                acceptedWeaker, endpointId);
    }

    /** Racers per key (create-only) and per round (If-Match); at least 2. The audit's standard is 16. */
    public AuditOptions withRace(int racersPerKey, int keys, int ifMatchRounds) {
        if (racersPerKey < 2 || keys < 1 || ifMatchRounds < 1) {
            throw new IllegalArgumentException("a race needs at least 2 racers, 1 key and 1 round (got " + racersPerKey
                    + ", " + keys + ", " + ifMatchRounds + ")");
        }
        return new AuditOptions(mode, scratchParent, probes, racersPerKey, keys, ifMatchRounds, cacheDir, maxAge,
                listingLagWait, acceptedWeaker, endpointId);
    }

    /** Where dated verdicts are cached, one JSON file per endpoint; {@code null} disables the cache. */
    public AuditOptions withCacheDir(Path dir) {
        return new AuditOptions(mode, scratchParent, probes, racers, raceKeys, ifMatchRounds, dir, maxAge, listingLagWait,
                acceptedWeaker, endpointId);
    }

    /** How old a cached verdict may be before the endpoint is audited again. */
    public AuditOptions withMaxAge(Duration age) {
        if (age.isNegative()) {
            throw new IllegalArgumentException("max age must not be negative: " + age);
        }
        return new AuditOptions(mode, scratchParent, probes, racers, raceKeys, ifMatchRounds, cacheDir, age, listingLagWait,
                acceptedWeaker, endpointId);
    }

    /** How long to keep polling a listing that missed a write before calling it lagging beyond measure. */
    public AuditOptions withListingLagWait(Duration wait) {
        if (wait.isNegative()) {
            throw new IllegalArgumentException("listing lag wait must not be negative: " + wait);
        }
        return new AuditOptions(mode, scratchParent, probes, racers, raceKeys, ifMatchRounds, cacheDir, maxAge, wait,
                acceptedWeaker, endpointId);
    }

    /**
     * Guarantees the user accepts in their {@link Level#WEAKER} mode (e.g. "one writer per path"): the backend then
     * performs those operations instead of refusing them. Never turns an {@link Level#UNSUPPORTED} into a yes.
     */
    public AuditOptions withAcceptedWeaker(Set<Guarantee> accepted) {
        return new AuditOptions(mode, scratchParent, probes, racers, raceKeys, ifMatchRounds, cacheDir, maxAge,
                listingLagWait, accepted, endpointId);
    }

    /**
     * Applies the store URI's audit parameters: {@code audit=auto|always|off} (off = {@link Mode#TRUST_STORE}),
     * {@code auditCache=<dir>|none}, {@code auditMaxAge=<ISO-8601 duration, e.g. P7D>},
     * {@code auditAccept=<guarantee>[,<guarantee>…]} (enum names such as {@code ATOMIC_WRITE_IF_MATCH}).
     * Parameters it does not know are left to the caller.
     *
     * @throws IllegalArgumentException naming the parameter and the allowed values
     */
    public AuditOptions withUriParameters(Map<String, String> params) {
        AuditOptions o = this;
        String audit = params.get("audit");
        if (audit != null) {
            o = o.withMode(switch (audit.toLowerCase(Locale.ROOT)) {
                case "auto" -> Mode.AUDIT_IF_UNKNOWN;
                case "always" -> Mode.ALWAYS_AUDIT;
                case "off" -> Mode.TRUST_STORE;
                default -> throw new IllegalArgumentException("audit=" + audit + ": expected auto, always or off");
            });
        }
        String cache = params.get("auditCache");
        if (cache != null) {
            o = o.withCacheDir(cache.equalsIgnoreCase("none") ? null : Path.of(cache));
        }
        String age = params.get("auditMaxAge");
        if (age != null) {
            try {
                o = o.withMaxAge(Duration.parse(age));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("auditMaxAge=" + age + ": expected an ISO-8601 duration such as P7D", e);
            }
        }
        String accept = params.get("auditAccept");
        if (accept != null) {
            Set<Guarantee> set = EnumSet.noneOf(Guarantee.class);
            for (String s : accept.split(",")) {
                if (s.isBlank()) {
                    continue;
                }
                try {
                    set.add(Guarantee.valueOf(s.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("auditAccept: unknown guarantee '" + s.trim() + "'; expected one of "
                            + EnumSet.allOf(Guarantee.class), e);
                }
            }
            o = o.withAcceptedWeaker(set);
        }
        return o;
    }

    public Mode mode() {
        return mode;
    }

    public String scratchParent() {
        return scratchParent;
    }

    public Optional<AuditProbes> probes() {
        return Optional.ofNullable(probes);
    }

    public int racers() {
        return racers;
    }

    public int raceKeys() {
        return raceKeys;
    }

    public int ifMatchRounds() {
        return ifMatchRounds;
    }

    public Optional<Path> cacheDir() {
        return Optional.ofNullable(cacheDir);
    }

    public Duration maxAge() {
        return maxAge;
    }

    public Duration listingLagWait() {
        return listingLagWait;
    }

    public Set<Guarantee> acceptedWeaker() {
        return acceptedWeaker;
    }

    public Optional<String> endpointId() {
        return Optional.ofNullable(endpointId);
    }
}
