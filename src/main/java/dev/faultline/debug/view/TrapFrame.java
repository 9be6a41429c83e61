package dev.faultline.debug.view;

/**
 * The trap CSRs as the last trap left them ({@code info frame}): cause (and its name, null when the value
 * names none), epc, tval, status, with the pc and sp beside them.
 */
public record TrapFrame(int pc, String pcAt, int cause, String causeName, int epc, String epcAt, int tval,
                        String tvalMeans, int status, boolean kernelMode, boolean interruptsOn, int sp)
        implements View {
    @Override
    public String toJson() {
        return new JsonText("frame").num("pc", pc).str("pcAt", pcAt).num("cause", cause).str("causeName", causeName)
                .num("epc", epc).str("epcAt", epcAt).num("tval", tval).str("tvalMeans", tvalMeans).num("status", status)
                .bool("kernelMode", kernelMode).bool("interruptsOn", interruptsOn).num("sp", sp).toString();
    }
}
