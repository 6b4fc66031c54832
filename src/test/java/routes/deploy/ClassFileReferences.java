package routes.deploy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one compiled class refers to, read from its constant pool (JVM specification, chapter 4.4): the classes it
 * names (in class entries and in descriptors) and the methods it calls or takes a reference to, as
 * {@code owner/internal/Name.method}. Lambdas and method references compile into the same class file, so their
 * calls are here too.
 */
record ClassFileReferences(Set<String> classes, Set<String> methods) {

    private static final Pattern NAMED_TYPE = Pattern.compile("L([A-Za-z0-9_/$]+);");

    static ClassFileReferences read(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile)) {
            return read(in);
        }
    }

    static ClassFileReferences read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNames = new int[count];
        int[][] memberRefs = new int[count][];
        int[] nameAndTypeNames = new int[count];
        Set<Integer> methodRefs = new HashSet<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7 -> classNames[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 9, 10, 11 -> {
                    memberRefs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                    if (tag != 9) {
                        methodRefs.add(i);
                    }
                }
                case 12 -> {
                    nameAndTypeNames[i] = in.readUnsignedShort();
                    in.readUnsignedShort();
                }
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 17, 18 -> in.readInt();
                default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
            }
        }
        Set<String> classes = new TreeSet<>();
        for (int i = 1; i < count; i++) {
            if (classNames[i] != 0) {
                String name = utf8[classNames[i]];
                if (name.startsWith("[")) {
                    addNamedTypes(name, classes);
                } else {
                    classes.add(name);
                }
            } else if (utf8[i] != null && (utf8[i].startsWith("(") || utf8[i].startsWith("L") || utf8[i].startsWith("["))) {
                addNamedTypes(utf8[i], classes);
            }
        }
        Set<String> methods = new TreeSet<>();
        for (int i : methodRefs) {
            String owner = utf8[classNames[memberRefs[i][0]]];
            methods.add(owner + "." + utf8[nameAndTypeNames[memberRefs[i][1]]]);
        }
        return new ClassFileReferences(classes, methods);
    }

    private static void addNamedTypes(String descriptor, Set<String> into) {
        Matcher m = NAMED_TYPE.matcher(descriptor);
        while (m.find()) {
            into.add(m.group(1));
        }
    }
}
