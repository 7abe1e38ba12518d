package io.vikingfs.azure;

import java.util.regex.Pattern;

/** Azure's naming rules for what the backend is given: checked before any request, so bad input changes nothing. */
final class AzureNames {
    /** 3–63 characters: lower-case letters, digits and single hyphens, starting and ending with a letter or digit. */
    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");
    /** 3–24 lower-case letters and digits. */
    private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");

    private AzureNames() {
    }

    /** @throws IllegalArgumentException naming the rule {@code container} breaks */
    static void checkContainer(String container) {
        if (container == null || !CONTAINER.matcher(container).matches()) {
            throw new IllegalArgumentException("container name '" + container + "' is not valid on Azure: use 3 to"
                    + " 63 characters, lower-case letters, digits and single hyphens, starting and ending with a"
                    + " letter or digit");
        }
    }

    /** @throws IllegalArgumentException naming the rule {@code account} breaks */
    static void checkAccount(String account) {
        if (account == null || !ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException("storage account name '" + account + "' is not valid on Azure: use 3"
                    + " to 24 lower-case letters and digits");
        }
    }
}
