package io.voicegather.server.store.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The folder of media bytes. Files are named by a random id this class makes, never by anything a client sent,
 * so no request can reach outside the folder. A file is written under a temporary name, synced, then renamed, so
 * a crash leaves either no file or a whole one.
 */
final class MediaFiles implements MediaContent {
    private static final Pattern FILE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final String TEMP_SUFFIX = ".part";

    private final Path folder;

    MediaFiles(Path folder) {
        this.folder = folder;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create media folder " + folder, e);
        }
    }

    @Override
    public String write(byte[] bytes) {
        String id = UUID.randomUUID().toString().replace("-", "");
        Path temp = folder.resolve(id + TEMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(temp, pathOf(id), StandardCopyOption.ATOMIC_MOVE);
            return id;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot write media file", e);
        }
    }

    @Override
    public Optional<byte[]> read(String id) {
        try {
            return Optional.of(Files.readAllBytes(pathOf(id)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read media file " + id, e);
        }
    }

    @Override
    public void delete(String id) {
        deleteQuietly(pathOf(id));
    }

    @Override
    public int deleteAllExcept(Set<String> keep) {
        int deleted = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                boolean ours = FILE_ID.matcher(name).matches() || (name.endsWith(TEMP_SUFFIX)
                        && FILE_ID.matcher(name.substring(0, name.length() - TEMP_SUFFIX.length())).matches());
                if (ours && !keep.contains(name)) {
                    deleteQuietly(p);
                    deleted++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list media folder " + folder, e);
        }
        return deleted;
    }

    private Path pathOf(String id) {
        if (!FILE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a media file id: " + id);
        }
        return folder.resolve(id);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a file that cannot be deleted now is removed by the next start-up sweep
        }
    }
}
