package dev.faultline.debug;

import dev.faultline.debug.TimeTravel.Position;

/**
 * A machine that can be booted again and run forward to a moment of its run: what the reverse commands
 * ({@link ReverseCommands}) need, whatever the machine. {@link TimeTravel} is the kernel's,
 * {@link BareTimeTravel} the bare machine's; both go back by deterministic re-execution.
 *
 * @param <M> the machine the debugger drives (another object after every trip back)
 */
interface Rewindable<M> {
    /** The machine of the present moment. */
    M present();

    /** Where the present machine is. */
    Position now();

    /** The stop of {@code stepi} just before the present one, or null at the start of the run. */
    Position previousStep();

    /** The moment just before the most recent fault was taken (not counting the present), or null. */
    Position lastFault();

    /** What {@link #lastFault()} counts, for messages: "page fault". */
    default String faultName() {
        return "page fault";
    }

    /** Goes back (or forward) to exactly {@code target}, a position this run has been at. */
    M goTo(Position target);

    /** Goes back to the first moment the machine had retired {@code instret} instructions. */
    M goToInstruction(long instret);

    /** Replays the run up to {@code until} (exclusive), telling {@code scan} where a continue would stop. */
    void scan(Position until, TimeTravel.Scan scan);
}
