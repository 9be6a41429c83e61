package dev.faultline.bare;

/** What shapes a bare run: physical frames, TLB entries and refill mode (the machine's options of CLI.md). */
public record BareConfig(int frames, int tlbSize, boolean softwareRefill) {}
