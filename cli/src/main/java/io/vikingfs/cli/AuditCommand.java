package io.vikingfs.cli;

import io.vikingfs.azure.AzureStoreAudit;
import io.vikingfs.s3.audit.AuditCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/**
 * {@code vikingfs audit [--fs s3://bucket/prefix?endpoint=…|az://container/prefix?endpoint=…] [--json]}: measures
 * whether the S3 endpoint (or Azure account: {@link AzureStoreAudit}) keeps the
 * promises the S3 backend builds on and prints a verdict per guarantee (FULL, WEAKER with its mode, UNSUPPORTED)
 * with the evidence. Without {@code --fs} it audits an S3Proxy started in this JVM. Exit 0 if every guarantee is
 * FULL, 5 otherwise.
 *
 * <p>The work is the S3 backend's {@link AuditCli}; this class only maps the command line onto it.
 */
@Command(name = "audit", description = {
        "Audit an S3-compatible endpoint: do create-only and If-Match writes hold under racing writers, are "
                + "listings consistent and ordered, is an unsupported header refused? Prints a verdict per guarantee.",
        "Works under a scratch prefix .vfs-audit-<uuid>/ it removes; takes 15-40 s. The verdict is cached "
                + "(~/.cache/vikingfs/audit) for the backend's next open. Credentials: VIKINGFS_S3_ACCESS_KEY and "
                + "VIKINGFS_S3_SECRET_KEY (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY). Without --fs it audits an S3Proxy started in this JVM.",
        "Exit 0 if every guarantee is FULL, 5 if some hold only in a weaker mode or not at all."})
final class AuditCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--json", description = "Print the verdict as JSON (the cache format) instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (main.storeGiven() && "az".equals(main.storeUri().getScheme())) {
            return AzureStoreAudit.run(main.storeUri(), json, main.out(), main.err());
        }
        return AuditCli.run(main.storeGiven() ? main.storeUri() : null, json, main.out(), main.err());
    }
}
