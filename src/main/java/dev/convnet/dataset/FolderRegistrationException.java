package dev.convnet.dataset;

/** A folder dataset's registration or removal refused; {@link Kind} decides the HTTP status. */
public class FolderRegistrationException extends RuntimeException {

    public enum Kind {
        /** No folder roots are configured: 403. */
        DISABLED(403, "folder-registration-disabled", "Folder registration is disabled"),
        /** The path is outside every folder root, possibly through a symbolic link: 403. */
        NOT_ALLOWED(403, "folder-not-allowed", "Folder outside the allowed roots"),
        /** The folder is missing, unreadable or not laid out as a dataset: 422. */
        INVALID(422, "invalid-folder-dataset", "Not a usable folder dataset"),
        /** The dataset exists but was not registered over HTTP (built-in, configured or uploaded): 409. */
        NOT_REGISTERED(409, "not-a-registered-folder", "Dataset not registered as a folder");

        private final int status;
        private final String type;
        private final String title;

        Kind(int status, String type, String title) {
            this.status = status;
            this.type = type;
            this.title = title;
        }

        public int status() {
            return status;
        }

        public String type() {
            return type;
        }

        public String title() {
            return title;
        }
    }

    private final Kind kind;
    private final String field;

    public FolderRegistrationException(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    /** The request field at fault, a JSON pointer or a path variable's name; null when no one field is. */
    public String field() {
        return field;
    }
}
