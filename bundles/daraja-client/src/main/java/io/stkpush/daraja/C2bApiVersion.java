package io.stkpush.daraja;

/**
 * The C2B API version. It must match the C2B product enabled on the Daraja app: the other one is refused with
 * {@code 401.003.01 ... no apiproduct match found}.
 */
public enum C2bApiVersion {
    V1("v1"), V2("v2");

    private final String path;

    C2bApiVersion(String path) {
        this.path = path;
    }

    /** As it appears in the URL: {@code v1} or {@code v2}. */
    public String path() {
        return path;
    }

    /** The other version, to suggest when this one has no API product. */
    public C2bApiVersion other() {
        return this == V1 ? V2 : V1;
    }
}
