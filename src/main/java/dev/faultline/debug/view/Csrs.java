package dev.faultline.debug.view;

import dev.faultline.isa.Csr;
import java.util.ArrayList;
import java.util.List;

/** Every CSR and its value, in the ISA's order. */
public record Csrs(List<Row> rows) implements View {
    public record Row(Csr csr, int value) {}

    public Csrs {
        rows = List.copyOf(rows);
    }

    @Override
    public String toJson() {
        List<String> json = new ArrayList<>();
        for (Row r : rows) json.add(JsonText.row().str("name", r.csr().name().toLowerCase(java.util.Locale.ROOT))
                .num("value", r.value()).toString());
        return new JsonText("csrs").objects("rows", json).toString();
    }
}
