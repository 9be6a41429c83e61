package dev.faultline.classroom;

import java.util.ArrayList;
import java.util.List;

/**
 * One generated problem: what the student is given (blocks of preformatted lines: a memory dump, a program,
 * a reference string) and the questions, each with the answer the machine computed and the working that
 * explains it. Every output format ({@link Sheet}) renders this one object, so the formats cannot disagree.
 */
public final class Problem {
    /** A block of given material: a label and its lines, shown as they are (monospace). */
    public record Block(String label, List<String> lines) {}

    /** A question, its answer (one line) and the working behind it (shown with the answer). */
    public record Question(String ask, String answer, List<String> working) {}

    final String title;
    final String intro;
    final List<Block> given = new ArrayList<>();
    final List<Question> questions = new ArrayList<>();

    Problem(String title, String intro) {
        this.title = title;
        this.intro = intro;
    }

    Problem given(String label, List<String> lines) {
        given.add(new Block(label, List.copyOf(lines)));
        return this;
    }

    Problem ask(String ask, String answer, List<String> working) {
        questions.add(new Question(ask, answer, List.copyOf(working)));
        return this;
    }

    Problem ask(String ask, String answer) {
        return ask(ask, answer, List.of());
    }

    public String title() {
        return title;
    }

    public List<Block> given() {
        return given;
    }

    public List<Question> questions() {
        return questions;
    }
}
