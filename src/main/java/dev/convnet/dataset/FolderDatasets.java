package dev.convnet.dataset;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.springframework.stereotype.Component;

/** The configured folder datasets: described from a listing of their files, streamed when trained on. */
@Component
public class FolderDatasets {

    /** A folder dataset's files and the size its images are brought to. */
    public record Streamed(String name, ImageShape shape, FolderLayout layout) {
    }

    private final FolderDatasetSettings settings;
    private final DatasetSettings datasets;

    FolderDatasets(FolderDatasetSettings settings, DatasetSettings datasets) {
        this.settings = settings;
        this.datasets = datasets;
    }

    public int decodeThreads() {
        return settings.decodeThreads();
    }

    List<String> names() {
        return settings.datasets().keySet().stream().sorted().toList();
    }

    /** Empty when no folder dataset has this name; lists the folder's files otherwise. */
    public Optional<Streamed> find(String name) {
        FolderDatasetSettings.Folder folder = settings.datasets().get(name);
        if (folder == null) {
            return Optional.empty();
        }
        ImageShape shape = new ImageShape(folder.height(), folder.width(), folder.channels());
        return Optional.of(new Streamed(name, shape, FolderLayout.scan(name, datasets.dir().resolve(folder.path()),
                folder.testFraction())));
    }

    DatasetInfo describe(Streamed dataset) {
        List<String> names = dataset.layout().classNames();
        return new DatasetInfo(dataset.name(), DatasetSource.FOLDER, "streamed from a folder of images",
                IntStream.range(0, names.size()).mapToObj(i -> new DatasetClass(i, names.get(i))).toList(), dataset.shape(),
                dataset.layout().train().size(), dataset.layout().test().size(), true, false, null);
    }
}
