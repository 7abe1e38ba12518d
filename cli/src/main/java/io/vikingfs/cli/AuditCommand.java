package io.vikingfs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.concurrent.Callable;

/**
 * {@code vikingfs audit [--fs s3://bucket/prefix?endpoint=…] [--json]}: measures whether the S3 endpoint keeps the
 * promises the S3 backend builds on and prints a verdict per guarantee (FULL, WEAKER with its mode, UNSUPPORTED)
 * with the evidence. Without {@code --fs} it audits an S3Proxy started in this JVM. Exit 0 if every guarantee is
 * FULL, 5 otherwise.
 *
 * <p>The work is {@code io.vikingfs.s3.audit.AuditCli} in the S3 backend, found on the class path at run time,
 * so the command line builds without the S3 module and says clearly when it is missing.
 */
@Command(name = "audit", description = {
        "Audit an S3-compatible endpoint: do create-only and If-Match writes hold under racing writers, are "
                + "listings consistent and ordered, is an unsupported header refused? Prints a verdict per guarantee.",
        "Works under a scratch prefix .vfs-audit-<uuid>/ it removes; takes 15-40 s. The verdict is cached "
                + "(~/.cache/vikingfs/audit) for the backend's next open. Credentials: VIKINGFS_S3_ACCESS_KEY and "
                + "VIKINGFS_S3_SECRET_KEY (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY). Without --fs it audits an S3Proxy started in this JVM.",
        "Exit 0 if every guarantee is FULL, 5 if some hold only in a weaker mode or not at all."})
final class AuditCommand implements Callable<Integer> {
    private static final String AUDIT_CLI = "io.vikingfs.s3.audit.AuditCli";

    @ParentCommand
    Main main;

    @Option(names = "--json", description = "Print the verdict as JSON (the cache format) instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        URI store = main.storeGiven() ? main.storeUri() : null;
        Method run;
        try {
            run = Class.forName(AUDIT_CLI).getMethod("run", URI.class, boolean.class, PrintStream.class,
                    PrintStream.class);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new IOException("'vikingfs audit' needs the S3 backend (io.vikingfs:vikingfs-backend-s3, with "
                    + "org.gaul:s3proxy for the in-JVM server) on the class path", e);
        }
        try {
            return (Integer) run.invoke(null, store, json, main.out(), main.err());
        } catch (InvocationTargetException e) {
            // The audit's own exception (I/O, bad URI) is the error to report, not the reflective wrapper.
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
