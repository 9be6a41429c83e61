package dev.faultline.bare;

import java.io.InputStream;

/** An input at its end. */
final class InputStreamOfNothing {
    static final InputStream INSTANCE = InputStream.nullInputStream();

    private InputStreamOfNothing() {}
}
