package io.vikingfs.cli;

import io.vikingfs.object.audit.AuditVerdict;
import io.vikingfs.object.audit.GuaranteeVerdict;
import io.vikingfs.object.audit.Level;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** {@code --accept-audit}: a store URI that accepts every weaker mode the store's audit verdict offers. */
final class AcceptedAudit {
    private AcceptedAudit() {
    }

    /**
     * {@code base} with {@code auditAccept=} naming every {@link Level#WEAKER} guarantee of {@code verdict} (added
     * to any the URI already accepts); {@code base} itself if there is none.
     */
    static URI uri(URI base, Optional<AuditVerdict> verdict) {
        Set<String> accept = new LinkedHashSet<>();
        String query = base.getQuery() == null ? "" : base.getQuery();
        StringBuilder rest = new StringBuilder();
        for (String pair : query.split("&")) {
            if (pair.startsWith("auditAccept=")) {
                for (String g : pair.substring("auditAccept=".length()).split(",")) {
                    if (!g.isBlank()) {
                        accept.add(g.trim());
                    }
                }
            } else if (!pair.isEmpty()) {
                rest.append(rest.length() == 0 ? "" : "&").append(pair);
            }
        }
        int before = accept.size();
        verdict.ifPresent(v -> v.verdicts().stream().filter(g -> g.level() == Level.WEAKER)
                .map(GuaranteeVerdict::guarantee).forEach(g -> accept.add(g.name())));
        if (accept.size() == before) {
            return base;
        }
        rest.append(rest.length() == 0 ? "" : "&").append("auditAccept=").append(String.join(",", accept));
        try {
            return new URI(base.getScheme(), base.getAuthority(), base.getPath(), rest.toString(), base.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot add auditAccept to " + base + ": " + e.getReason(), e);
        }
    }
}
