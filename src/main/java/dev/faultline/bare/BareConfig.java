package dev.faultline.bare;

/** What shapes a bare run: physical frames, TLB entries and refill mode (docs/cli.md). */
public record BareConfig(int frames, int tlbSize, boolean softwareRefill) {}
