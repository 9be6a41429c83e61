package dev.faultline.cli;

import dev.faultline.machine.Tier;
import dev.faultline.machine.tier2.Tier2;
import dev.faultline.abi.Flx;
import dev.faultline.debug.TimeTravel;
import dev.faultline.kernel.Kernel;
import dev.faultline.kernel.KernelConfig;
import dev.faultline.machine.Machine;
import dev.faultline.trace.TraceKind;
import dev.faultline.trace.Tracer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Boots the machine of a debug session, as often as reverse execution needs it: the same program, the same
 * options, the streams and files {@link TimeTravel} hands over.
 */
public final class DebugMachines implements TimeTravel.Machines {
    private final KernelConfig cfg;
    private final Flx image;
    private final String name;
    private final Set<TraceKind> traceKinds;
    private final boolean jsonTrace;
    private final Consumer<Kernel> arm;

    /** traceKinds empty: no trace. */
    public DebugMachines(KernelConfig cfg, Flx image, String name, Set<TraceKind> traceKinds, boolean jsonTrace) {
        this(cfg, image, name, traceKinds, jsonTrace, k -> { });
    }

    /** As above; {@code arm} prepares each new kernel before it boots (the injected host failures). */
    public DebugMachines(KernelConfig cfg, Flx image, String name, Set<TraceKind> traceKinds, boolean jsonTrace,
                         Consumer<Kernel> arm) {
        this.cfg = cfg;
        this.image = image;
        this.name = name;
        this.traceKinds = traceKinds;
        this.jsonTrace = jsonTrace;
        this.arm = arm;
    }

    @Override
    public Kernel boot(InputStream in, OutputStream out, OutputStream err, OutputStream trace, Path root, Path swapFile)
            throws IOException {
        KernelConfig c = cfg.withFiles(root != null ? root : cfg.root(), swapFile != null ? swapFile : cfg.swapFile());
        PrintStream kernelErr = new PrintStream(err, true);
        Kernel[] holder = new Kernel[1];
        Tracer tracer = trace == null || traceKinds.isEmpty() ? Tracer.off()
                : new Tracer(traceKinds, new PrintStream(trace, false), jsonTrace,
                        (pid, pc) -> holder[0] == null ? null : holder[0].describePc(pid, pc));
        Kernel kernel;
        try {
            kernel = new Kernel(Machine.build(c.frames(), c.tlbSize(), c.softwareRefill()), c, tracer, in, out, kernelErr); // unbuffered, as in a run
        } catch (IOException e) {
            throw new IOException((cfg.swapFile() != null ? "cannot use the swap file " + cfg.swapFile() + ": " : "")
                    + e.getMessage(), e);
        }
        holder[0] = kernel;
        kernel.cpu().setTier(Tier.AUTO, Tier2.MAKER);
        arm.accept(kernel);
        String problem = kernel.boot(image, name);
        if (problem != null) throw new IOException(name + ": " + problem);
        return kernel;
    }
}
