package io.vikingfs.object;

import io.vikingfs.object.client.InMemoryObjectClient;

/** The request-cut crash model over numbered segment objects (S3's logs: one create-only PUT per append). */
class ObjectRequestCutCrashTest extends RequestCutCrashModel {
    @Override
    protected InMemoryObjectClient newStore() {
        return new InMemoryObjectClient();
    }

    @Override
    protected String backendLabel() {
        return "s3 (in-memory object client, request-cut model)";
    }

    @Override
    protected int minimumStates() {
        return 5000;
    }
}
