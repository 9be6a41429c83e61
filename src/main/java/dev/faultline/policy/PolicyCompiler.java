package dev.faultline.policy;

import dev.faultline.asm.Diagnostic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a plug-in policy's {@code .java} file in memory with the JDK's compiler ({@code javax.tools}) and
 * loads it in a class loader of its own. Problems are {@link Problem}s: compile errors formatted like the
 * assembler's ({@code file:line:col: error: …}, the source line, a caret), or one sentence.
 */
public final class PolicyCompiler {
    private PolicyCompiler() {
    }

    /** Why a policy file could not be used; {@link #getMessage} is ready to print (one or more lines). */
    public static final class Problem extends IllegalArgumentException {
        private final boolean diagnostics;

        Problem(String message, boolean diagnostics) {
            super(message);
            this.diagnostics = diagnostics;
        }

        /** True when the message is compiler diagnostics (printed as they are), false for one sentence. */
        public boolean isDiagnostics() {
            return diagnostics;
        }
    }

    /** Compiles and loads the policy in {@code file}; a {@link Problem} when it cannot. */
    public static Policy load(Path file) {
        String shown = file.toString();
        String source;
        if (!Files.exists(file)) throw new Problem("cannot read the policy " + shown + ": no such file", false);
        try {
            source = dev.faultline.io.InputFiles.readString(file); // bounded: a policy named /dev/zero ends
        } catch (IOException | RuntimeException e) {
            throw new Problem("cannot read the policy " + shown + ": " + (e.getMessage() != null ? e.getMessage()
                    : e.getClass().getSimpleName()), false);
        }
        return compile(shown, source);
    }

    /** Compiles {@code source}, shown in messages as {@code fileName}, and loads its policy class. */
    public static Policy compile(String fileName, String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new Problem("a .java policy needs a full JDK (javac), but this Java runtime has no compiler", false);
        }
        String simple = Path.of(fileName).getFileName().toString();
        String className = simple.substring(0, simple.length() - ".java".length());
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> classes = new LinkedHashMap<>();
        StandardJavaFileManager std = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
        JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + simple), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        ForwardingJavaFileManager<StandardJavaFileManager> inMemory = new ForwardingJavaFileManager<>(std) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String name, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        classes.put(name, out);
                        return out;
                    }
                };
            }
        };
        List<String> options = List.of("-classpath", ownClassPath(), "-proc:none", "-g", "-nowarn",
                "-Xlint:none", "-implicit:none");
        StringWriter compilerOut = new StringWriter();
        boolean ok = javac.getTask(compilerOut, inMemory, diagnostics, options, null, List.of(unit)).call();
        if (!ok) throw new Problem(format(fileName, source, diagnostics), true);
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        classes.forEach((k, v) -> bytes.put(k, v.toByteArray()));
        ClassLoader loader = new ClassLoader("policy " + simple, PolicyCompiler.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = bytes.get(name);
                if (b == null) throw new ClassNotFoundException(name);
                return defineClass(name, b, 0, b.length);
            }
        };
        Class<?> chosen = null;
        List<String> names = new ArrayList<>(bytes.keySet());
        for (String n : names) {
            if (!(n.equals(className) || n.endsWith("." + className))) continue;
            try {
                chosen = loader.loadClass(n);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new Problem("cannot load the policy " + fileName + ": " + e, false);
            } catch (SecurityException e) { // a class in java.* and the like: the JVM refuses to define it
                throw new Problem("cannot load the policy " + fileName + ": " + e.getMessage(), false);
            }
        }
        if (chosen == null || !ReplacementPolicy.class.isAssignableFrom(chosen)
                || !Modifier.isPublic(chosen.getModifiers()) || Modifier.isAbstract(chosen.getModifiers())) {
            throw new Problem(fileName + " must declare a public class " + className + " that implements "
                    + ReplacementPolicy.class.getName(), false);
        }
        Constructor<?> ctor;
        try {
            ctor = chosen.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new Problem("the policy class " + className + " in " + fileName
                    + " needs a public constructor without parameters", false);
        }
        String name = simple;
        return Policy.plugIn(name, () -> {
            try {
                return (ReplacementPolicy) ctor.newInstance();
            } catch (InvocationTargetException e) {
                throw new PolicyFailure("policy " + name + " failed in its constructor: "
                        + GuardedPolicy.describe(e.getCause(), name));
            } catch (ReflectiveOperationException e) {
                throw new PolicyFailure("policy " + name + " could not be created: " + e);
            }
        });
    }

    /** Each error as file:line:col: error: message, the source line and a caret, like the assembler's. */
    private static String format(String fileName, String source, DiagnosticCollector<JavaFileObject> diagnostics) {
        String[] lines = source.split("\r?\n", -1);
        StringBuilder sb = new StringBuilder();
        for (javax.tools.Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != javax.tools.Diagnostic.Kind.ERROR) continue;
            int line = (int) Math.max(1, d.getLineNumber());
            int col = (int) Math.max(1, d.getColumnNumber());
            String text = line <= lines.length ? lines[line - 1] : "";
            String message = d.getMessage(Locale.ROOT);
            int nl = message.indexOf('\n');
            if (nl >= 0) message = message.substring(0, nl);
            sb.append(new Diagnostic(fileName, line, col, message, text).format());
        }
        if (sb.length() == 0) sb.append(fileName).append(":1:1: error: the Java compiler rejected the file\n");
        return sb.toString();
    }

    /** Where this class came from (the jar, or the classes folder): the plug-in compiles against it. */
    private static String ownClassPath() {
        try {
            return Path.of(ReplacementPolicy.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | RuntimeException e) {
            return System.getProperty("java.class.path", ".");
        }
    }
}
