package dev.faultline.debug.view;

import java.util.List;

/**
 * A view the kernel's inspector gives as lines (the page table, areas, frames, swap, processes): its kind
 * ({@code pt}, {@code vmas}, {@code frames}, {@code swap}, {@code ps}) and the lines as the terminal shows them.
 */
public record Listing(String kind, List<String> lines) implements View {
    public Listing {
        lines = List.copyOf(lines);
    }

    @Override
    public String toJson() {
        return new JsonText("listing").str("kind", kind).strs("lines", lines).toString();
    }
}
