package dev.myelin.playground;

/** A request the server refuses: the HTTP status and one sentence for the user. */
public final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public HttpError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    public static HttpError tooLarge(String message) {
        return new HttpError(413, message);
    }

    public static HttpError notFound(String message) {
        return new HttpError(404, message);
    }
}
