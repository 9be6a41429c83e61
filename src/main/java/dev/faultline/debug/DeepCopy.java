package dev.faultline.debug;

import dev.faultline.machine.PhysicalMemory;
import dev.faultline.machine.SecondTier;
import java.io.PrintStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Copies an object graph (a kernel and its machine, or a bare machine) by walking it, for checkpoints
 * (docs/reverse.md). Our own classes are copied field by field into instances made without running a
 * constructor; arrays element by element; the JDK collections the kernel uses through their public API;
 * immutable values (strings, boxed numbers, enums, paths, records of such) are shared; objects the session
 * handed in (streams, listeners) are replaced by what {@code substitutes} says. Anything else (a class of
 * the JDK it does not know, a lambda of code that is not ours, a thread) is {@link Refused}, with its class
 * and where it was found: a later change that puts such a thing in the kernel fails loudly instead of
 * making checkpoints that restore something else.
 *
 * <p>Large primitive arrays (physical frames, decode caches, swap pages) are shared with the previous copy
 * when their contents did not change: {@code previous} maps each live array to its copy there. A copy never
 * changes once made (a restore copies it again), so sharing is safe.
 *
 * <p>The studio's build replaces this class by one that refuses everything (reflection is not there).
 */
final class DeepCopy {
    /** An object the copier cannot copy faithfully. */
    static final class Refused extends RuntimeException {
        /** The object is of code loaded at run time (a policy compiled from the user's Java source). */
        final boolean foreign;

        Refused(String message) {
            this(message, false);
        }

        Refused(String message, boolean foreign) {
            super(message);
            this.foreign = foreign;
        }
    }

    /** Builds the copy of one class's instances some other way (a cache rebuilt empty, a file reopened). */
    interface Rule {
        Object copy(Object original, DeepCopy copier);
    }

    /** Arrays at least this long (in bytes) are shared with the previous copy when unchanged: a page. */
    static final int PAGE_BYTES = 1024;

    /** Checkpoints work in this build. */
    static boolean available() {
        return true;
    }

    private final Map<Object, Object> substitutes;
    private final Map<Class<?>, Rule> rules;
    private final Map<Object, Object> previous;
    private final IdentityHashMap<Object, Object> done = new IdentityHashMap<>();
    /** The large arrays of this copy: original to copy. */
    private final IdentityHashMap<Object, Object> pages = new IdentityHashMap<>();
    /** Records and lambdas being copied (they are made after their parts: a cycle through one cannot be). */
    private final IdentityHashMap<Object, Boolean> inProgress = new IdentityHashMap<>();
    private long bytes;
    /** The print streams the copy shares with the original. */
    private final List<PrintStream> prints = new ArrayList<>();

    /**
     * @param substitutes identity map: an object of the session to what the copy holds in its place
     * @param rules       classes copied by a rule of their own
     * @param previous    identity map: a live large array to its copy in the previous checkpoint (may be empty)
     */
    DeepCopy(Map<Object, Object> substitutes, Map<Class<?>, Rule> rules, Map<Object, Object> previous) {
        this.substitutes = substitutes;
        this.rules = rules;
        this.previous = previous;
    }

    /** The large arrays of the copy made so far, original to copy. */
    IdentityHashMap<Object, Object> pages() {
        return pages;
    }

    /** The print streams the copy shares with its original (their error flag is not copied). */
    List<PrintStream> prints() {
        return prints;
    }

    /** Bytes the copy allocated (shared pages not counted), roughly: arrays exactly, objects by their fields. */
    long bytes() {
        return bytes;
    }

    /** The copy of {@code o}. */
    Object copy(Object o) {
        if (o == null) return null;
        if (substitutes.containsKey(o)) return substitutes.get(o);
        Object made = done.get(o);
        if (made != null) return made;
        Class<?> c = o.getClass();
        if (immutable(o)) return o;
        if (c.isArray()) return copyArray(o, c);
        if (o instanceof SecondTier t) return remember(o, emptySecondTier(t));
        Rule rule = rules.get(c);
        if (rule != null) return remember(o, rule.copy(o, this));
        if (c.isRecord()) return copyRecord(o, c);
        if (c.isHidden() && c.getName().contains("$$Lambda")) return copyLambda(o, c);
        if (ours(c)) return copyOurs(o, c);
        if (c == PrintStream.class) { // a sink over the session's streams, holding no bytes (see docs/reverse.md)
            if (!prints.contains(o)) prints.add((PrintStream) o);
            return o;
        }
        Object collection = copyCollection(o, c);
        if (collection != null) return collection;
        if (c.getClassLoader() != null && c.getClassLoader() != DeepCopy.class.getClassLoader()) {
            throw new Refused("cannot copy " + c.getName() + ", loaded at run time, for a checkpoint", true);
        }
        throw new Refused("cannot copy an object of class " + c.getName() + " for a checkpoint");
    }

    private Object remember(Object o, Object copy) {
        done.put(o, copy);
        return copy;
    }

    // ------------------------------------------------------------------ what is shared

    private static boolean immutable(Object o) {
        return o instanceof String || o instanceof Integer || o instanceof Long || o instanceof Boolean
                || o instanceof Short || o instanceof Byte || o instanceof Character || o instanceof Double
                || o instanceof Float || o instanceof Enum<?> || o instanceof Path || o instanceof Class<?>
                || o instanceof java.nio.charset.Charset
                || o instanceof dev.faultline.abi.Flx; // a program image: nothing changes it once loaded
    }

    /** A class of this program (not the JDK's, not a policy someone compiled at run time). */
    private static boolean ours(Class<?> c) {
        return c.getName().startsWith("dev.faultline.") && c.getClassLoader() == DeepCopy.class.getClassLoader()
                && !c.isHidden();
    }

    // ------------------------------------------------------------------ arrays

    private Object copyArray(Object o, Class<?> c) {
        Class<?> component = c.getComponentType();
        int n = Array.getLength(o);
        if (component.isPrimitive()) {
            long size = (long) n * primitiveBytes(component);
            if (size >= PAGE_BYTES) {
                Object before = previous.get(o);
                if (before != null && samePrimitives(o, before)) {
                    pages.put(o, before);
                    return remember(o, before);
                }
            }
            Object copy = clonePrimitives(o);
            if (size >= PAGE_BYTES) pages.put(o, copy); // counted by the checkpoints, once however often shared
            else bytes += 16 + size;
            return remember(o, copy);
        }
        Object[] from = (Object[]) o;
        Object[] copy = (Object[]) Array.newInstance(component, n);
        remember(o, copy);
        bytes += 16 + 4L * n;
        for (int i = 0; i < n; i++) copy[i] = copy(from[i]);
        return copy;
    }

    private static int primitiveBytes(Class<?> c) {
        if (c == long.class || c == double.class) return 8;
        if (c == int.class || c == float.class) return 4;
        if (c == short.class || c == char.class) return 2;
        return 1;
    }

    private static Object clonePrimitives(Object o) {
        if (o instanceof byte[] a) return a.clone();
        if (o instanceof int[] a) return a.clone();
        if (o instanceof long[] a) return a.clone();
        if (o instanceof boolean[] a) return a.clone();
        if (o instanceof short[] a) return a.clone();
        if (o instanceof char[] a) return a.clone();
        if (o instanceof double[] a) return a.clone();
        return ((float[]) o).clone();
    }

    private static boolean samePrimitives(Object a, Object b) {
        if (a instanceof byte[] x) return b instanceof byte[] y && Arrays.equals(x, y);
        if (a instanceof int[] x) return b instanceof int[] y && Arrays.equals(x, y);
        if (a instanceof long[] x) return b instanceof long[] y && Arrays.equals(x, y);
        if (a instanceof boolean[] x) return b instanceof boolean[] y && Arrays.equals(x, y);
        if (a instanceof short[] x) return b instanceof short[] y && Arrays.equals(x, y);
        if (a instanceof char[] x) return b instanceof char[] y && Arrays.equals(x, y);
        if (a instanceof double[] x) return b instanceof double[] y && Arrays.equals(x, y);
        return a instanceof float[] x && b instanceof float[] y && Arrays.equals(x, y);
    }

    // ------------------------------------------------------------------ our classes, records, lambdas

    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> c) {
            List<Field> fields = new ArrayList<>();
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) continue;
                f.setAccessible(true);
                fields.add(f);
            }
            return fields;
        }
    };

    private Object copyOurs(Object o, Class<?> c) {
        Class<?> jdk = c;
        while (jdk != Object.class && ours(jdk)) jdk = jdk.getSuperclass();
        if (jdk != Object.class) return copyOurCollection(o, c, jdk);
        Object copy = Instances.allocate(c);
        remember(o, copy);
        copyFields(o, copy, c, Object.class);
        return copy;
    }

    /** Copies the fields declared in c and its superclasses below {@code stop}. */
    private void copyFields(Object from, Object to, Class<?> c, Class<?> stop) {
        for (Class<?> k = c; k != stop; k = k.getSuperclass()) {
            for (Field f : FIELDS.get(k)) {
                try {
                    bytes += 8;
                    if (f.getType().isPrimitive()) f.set(to, f.get(from));
                    else f.set(to, copy(f.get(from)));
                } catch (IllegalAccessException | IllegalArgumentException e) {
                    throw new Refused("cannot copy the field " + k.getName() + "." + f.getName() + ": " + e.getMessage());
                }
            }
        }
    }

    /**
     * One of our classes that extends a JDK collection (the kernel's map of areas): made with its own
     * constructor (which sets up the collection, its comparator included), then its fields, then the contents.
     */
    private Object copyOurCollection(Object o, Class<?> c, Class<?> jdk) {
        if (!(o instanceof Collection<?> || o instanceof Map<?, ?>) || !known(jdk)) {
            throw new Refused("cannot copy " + c.getName() + ", which extends " + jdk.getName() + ", for a checkpoint");
        }
        Object copy = construct(o, c);
        remember(o, copy);
        copyFields(o, copy, c, jdk);
        fill(o, copy);
        if (o instanceof SortedMap<?, ?> m && !sameComparator(m.comparator(), ((SortedMap<?, ?>) copy).comparator())
                || o instanceof SortedSet<?> s && !sameComparator(s.comparator(), ((SortedSet<?>) copy).comparator())) {
            throw new Refused("the copy of " + c.getName() + " does not sort as the original: its constructor chooses"
                    + " another comparator");
        }
        return copy;
    }

    /** Calls the no-argument constructor of c (for an inner class: the one that takes the enclosing object). */
    private Object construct(Object o, Class<?> c) {
        try {
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                k.setAccessible(true);
                Class<?>[] params = k.getParameterTypes();
                if (params.length == 0) return k.newInstance();
                if (params.length == 1 && c.getEnclosingClass() == params[0] && !Modifier.isStatic(c.getModifiers())) {
                    Field outer = c.getDeclaredField("this$0");
                    outer.setAccessible(true);
                    return k.newInstance(copy(outer.get(o)));
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new Refused("cannot make a copy of " + c.getName() + ": " + e);
        }
        throw new Refused("cannot copy " + c.getName() + ": it has no constructor without arguments");
    }

    private boolean sameComparator(Object a, Object b) {
        return a == null ? b == null : b != null && a.getClass() == b.getClass();
    }

    /** A record class's accessors and canonical constructor, looked up once. */
    private record RecordShape(java.lang.reflect.Method[] accessors, boolean[] primitive, Constructor<?> canonical) {}

    private static final ClassValue<RecordShape> RECORDS = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> c) {
            RecordComponent[] parts = c.getRecordComponents();
            java.lang.reflect.Method[] accessors = new java.lang.reflect.Method[parts.length];
            boolean[] primitive = new boolean[parts.length];
            Class<?>[] types = new Class<?>[parts.length];
            for (int i = 0; i < parts.length; i++) {
                accessors[i] = parts[i].getAccessor();
                accessors[i].setAccessible(true);
                primitive[i] = parts[i].getType().isPrimitive();
                types[i] = parts[i].getType();
            }
            try {
                Constructor<?> k = c.getDeclaredConstructor(types);
                k.setAccessible(true);
                return new RecordShape(accessors, primitive, k);
            } catch (NoSuchMethodException e) {
                throw new Refused("the record " + c.getName() + " has no canonical constructor");
            }
        }
    };

    private Object copyRecord(Object o, Class<?> c) {
        if (inProgress.put(o, Boolean.TRUE) != null) {
            throw new Refused("cannot copy " + c.getName() + ": the record is part of a cycle");
        }
        try {
            RecordShape shape = RECORDS.get(c);
            int n = shape.accessors().length;
            Object[] values = new Object[n];
            boolean same = true;
            for (int i = 0; i < n; i++) {
                Object v = shape.accessors()[i].invoke(o);
                values[i] = shape.primitive()[i] ? v : copy(v);
                same &= values[i] == v;
            }
            if (same) return remember(o, o); // a record of immutable values is immutable
            bytes += 16 + 8L * n;
            return remember(o, shape.canonical().newInstance(values));
        } catch (ReflectiveOperationException e) {
            throw new Refused("cannot copy the record " + c.getName() + ": " + e);
        } finally {
            inProgress.remove(o);
        }
    }

    /**
     * A lambda of our code: a new instance of its class holding copies of what it captured (what it does is
     * its code, the same in both). A lambda of the JDK's code is refused: what it captured is not ours to see.
     */
    private Object copyLambda(Object o, Class<?> c) {
        if (!c.getName().startsWith("dev.faultline.") || c.getClassLoader() != DeepCopy.class.getClassLoader()) {
            throw new Refused("cannot copy the lambda " + c.getName() + " for a checkpoint: it is not our code");
        }
        List<Field> captured = FIELDS.get(c);
        if (captured.isEmpty()) return remember(o, o); // captures nothing: one instance serves all
        if (inProgress.put(o, Boolean.TRUE) != null) {
            throw new Refused("cannot copy the lambda " + c.getName() + ": it is part of a cycle");
        }
        try {
            Constructor<?>[] ks = c.getDeclaredConstructors();
            if (ks.length != 1 || ks[0].getParameterCount() != captured.size()) {
                throw new Refused("cannot copy the lambda " + c.getName() + ": its constructor does not take what it captured");
            }
            Object[] values = new Object[captured.size()];
            boolean same = true;
            for (int i = 0; i < values.length; i++) {
                Object v = captured.get(i).get(o);
                values[i] = captured.get(i).getType().isPrimitive() ? v : copy(v);
                same &= values[i] == v;
            }
            if (same) return remember(o, o);
            ks[0].setAccessible(true);
            bytes += 16 + 8L * values.length;
            return remember(o, ks[0].newInstance(values));
        } catch (ReflectiveOperationException e) {
            throw new Refused("cannot copy the lambda " + c.getName() + ": " + e);
        } finally {
            inProgress.remove(o);
        }
    }

    // ------------------------------------------------------------------ JDK collections, through their API

    private static final List<Class<?>> KNOWN = List.of(ArrayList.class, LinkedList.class, ArrayDeque.class,
            HashMap.class, LinkedHashMap.class, TreeMap.class, HashSet.class, LinkedHashSet.class, TreeSet.class,
            EnumMap.class, BitSet.class, IdentityHashMap.class, ConcurrentHashMap.class);

    private static boolean known(Class<?> c) {
        return KNOWN.contains(c);
    }

    private Object copyCollection(Object o, Class<?> c) {
        Object copy;
        if (o instanceof EnumSet<?> s) {
            copy = s.clone(); // enums are shared: a shallow copy is a deep one
            bytes += 32;
            return remember(o, copy);
        }
        if (o instanceof BitSet b) {
            bytes += 32 + b.size() / 8;
            return remember(o, b.clone());
        }
        if (!known(c)) {
            if (c.getName().startsWith("java.util.ImmutableCollections$")) return copyImmutable(o);
            return null;
        }
        if (o instanceof TreeMap<?, ?> m) copy = new TreeMap<>(comparatorCopy(m.comparator()));
        else if (o instanceof TreeSet<?> s) copy = new TreeSet<>(comparatorCopy(s.comparator()));
        else if (o instanceof EnumMap<?, ?> m) copy = emptyEnumMap(m);
        else copy = Instances.newEmpty(c);
        remember(o, copy);
        fill(o, copy);
        return copy;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private java.util.Comparator comparatorCopy(java.util.Comparator c) {
        return (java.util.Comparator) copy(c);
    }

    /** An empty EnumMap of the same key type (copied, then cleared: the key type is not public). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object emptyEnumMap(EnumMap<?, ?> m) {
        EnumMap copy = new EnumMap(m);
        copy.clear();
        return copy;
    }

    /** Puts copies of the elements (or entries) of {@code from} into the empty {@code to}, in their order. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void fill(Object from, Object to) {
        if (from instanceof Map<?, ?> m) {
            bytes += 48L * m.size();
            Map target = (Map) to;
            for (Map.Entry<?, ?> e : m.entrySet()) target.put(copy(e.getKey()), copy(e.getValue()));
        } else {
            Collection<?> c = (Collection<?>) from;
            bytes += 24L * c.size();
            Collection target = (Collection) to;
            for (Object e : c) target.add(copy(e));
        }
    }

    /** List.of, Set.of, Map.of: shared when their elements are; else the same kind of collection of copies. */
    private Object copyImmutable(Object o) {
        if (o instanceof List<?> l) {
            List<Object> parts = new ArrayList<>();
            boolean same = true;
            for (Object e : l) {
                Object x = copy(e);
                same &= x == e;
                parts.add(x);
            }
            return remember(o, same ? o : List.copyOf(parts));
        }
        if (o instanceof java.util.Set<?> s) {
            List<Object> parts = new ArrayList<>();
            boolean same = true;
            for (Object e : s) {
                Object x = copy(e);
                same &= x == e;
                parts.add(x);
            }
            return remember(o, same ? o : java.util.Set.copyOf(parts));
        }
        Map<?, ?> m = (Map<?, ?>) o;
        Map<Object, Object> parts = new LinkedHashMap<>();
        boolean same = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object k = copy(e.getKey());
            Object v = copy(e.getValue());
            same &= k == e.getKey() && v == e.getValue();
            parts.put(k, v);
        }
        return remember(o, same ? o : Map.copyOf(parts));
    }

    /**
     * The CPU's second tier is a cache of translations: the copy starts empty (same settings, the copied
     * memory), and translates again when code gets hot. What a machine does never depends on it (docs/tier.md).
     */
    private Object emptySecondTier(SecondTier t) {
        return t.empty((PhysicalMemory) copy(t.memory()));
    }

    /** Making instances: without a constructor (our classes), or empty (JDK collections). */
    private static final class Instances {
        private static final MethodHandle ALLOCATE = allocator();

        private static MethodHandle allocator() {
            try {
                Class<?> unsafe = Class.forName("sun.misc.Unsafe");
                Field the = unsafe.getDeclaredField("theUnsafe");
                the.setAccessible(true);
                return MethodHandles.lookup().findVirtual(unsafe, "allocateInstance",
                        MethodType.methodType(Object.class, Class.class)).bindTo(the.get(null));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        static Object allocate(Class<?> c) {
            if (ALLOCATE == null) throw new Refused("cannot make instances without their constructors in this JVM");
            try {
                return ALLOCATE.invoke(c);
            } catch (Throwable e) {
                throw new Refused("cannot make an instance of " + c.getName() + ": " + e);
            }
        }

        static Object newEmpty(Class<?> c) {
            try {
                return c.getConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new Refused("cannot make an empty " + c.getName() + ": " + e);
            }
        }
    }
}
