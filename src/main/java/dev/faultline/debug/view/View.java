package dev.faultline.debug.view;

/** A view the engine answers with; its JSON form is stable (fields are only ever added). */
public interface View {
    /** One JSON object: {@code {"view":"registers",...}}. */
    String toJson();
}
