package dev.convnet.models;

import dev.convnet.common.BadRequestException;
import dev.convnet.definition.ModelNames;
import java.util.regex.Pattern;

/**
 * What an alias may be called. {@code latest} and {@code v<digits>} are refused because clients (MLflow's URIs
 * among them) read those as the newest version and as a version number.
 */
final class AliasNames {

    static final String FIELD = "alias";
    private static final Pattern VALID = Pattern.compile("[a-z0-9_-]{1,64}");
    private static final Pattern VERSION_LIKE = Pattern.compile("v[0-9]+");

    private AliasNames() {
    }

    static String require(String alias) {
        if (alias == null || !VALID.matcher(alias).matches()) {
            throw new BadRequestException(FIELD, "alias must be 1 to 64 lowercase letters, digits, '-' or '_', got '"
                    + (alias == null ? "" : shortened(ModelNames.printable(alias))) + "'");
        }
        if (alias.equals("latest") || VERSION_LIKE.matcher(alias).matches()) {
            throw new BadRequestException(FIELD, "alias '" + alias + "' is reserved: 'latest' and 'v<number>' name"
                    + " versions themselves");
        }
        return alias;
    }

    private static String shortened(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
