package dev.convnet.dataset;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The catalogue of built-in datasets.
 *
 * <p>Checksums: MNIST and Fashion-MNIST files are checked by the SHA-256 of their uncompressed content
 * (from the README of the shared test datasets; the gzip wrapping differs between mirrors). The CIFAR pages
 * publish only MD5 sums (cifar-10-binary.tar.gz c32a1d4ab5d03f1284b67883e8d87530, cifar-100-binary.tar.gz
 * 03b5dce01913d631647c71ecec9e9cb8); the SHA-256 and sizes of the archives below are the ones TensorFlow
 * Datasets publishes in {@code tensorflow_datasets/url_checksums/cifar10.txt} and {@code cifar100.txt}. No
 * public source gives checksums of the unpacked CIFAR files, so CIFAR files found already unpacked on disk are
 * verified structurally only (file sizes, record counts, label ranges). A dataset whose checksum is null is
 * verified that way after download too.
 */
public final class BuiltInDatasets {

    static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    static final List<String> FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    static final List<String> CIFAR_10 = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    /** In label order, as in the archive's fine_label_names.txt. */
    static final List<String> CIFAR_100_FINE = List.of("apple", "aquarium_fish", "baby", "bear", "beaver", "bed",
            "bee", "beetle", "bicycle", "bottle", "bowl", "boy", "bridge", "bus", "butterfly", "camel", "can",
            "castle", "caterpillar", "cattle", "chair", "chimpanzee", "clock", "cloud", "cockroach", "couch", "crab",
            "crocodile", "cup", "dinosaur", "dolphin", "elephant", "flatfish", "forest", "fox", "girl", "hamster",
            "house", "kangaroo", "keyboard", "lamp", "lawn_mower", "leopard", "lion", "lizard", "lobster", "man",
            "maple_tree", "motorcycle", "mountain", "mouse", "mushroom", "oak_tree", "orange", "orchid", "otter",
            "palm_tree", "pear", "pickup_truck", "pine_tree", "plain", "plate", "poppy", "porcupine", "possum",
            "rabbit", "raccoon", "ray", "road", "rocket", "rose", "sea", "seal", "shark", "shrew", "skunk",
            "skyscraper", "snail", "snake", "spider", "squirrel", "streetcar", "sunflower", "sweet_pepper", "table",
            "tank", "telephone", "television", "tiger", "tractor", "train", "trout", "tulip", "turtle", "wardrobe",
            "whale", "willow_tree", "wolf", "woman", "worm");

    /** In label order, as in the archive's coarse_label_names.txt. */
    static final List<String> CIFAR_100_COARSE = List.of("aquatic_mammals", "fish", "flowers", "food_containers",
            "fruit_and_vegetables", "household_electrical_devices", "household_furniture", "insects",
            "large_carnivores", "large_man-made_outdoor_things", "large_natural_outdoor_scenes",
            "large_omnivores_and_herbivores", "medium_mammals", "non-insect_invertebrates", "people", "reptiles",
            "small_mammals", "trees", "vehicles_1", "vehicles_2");

    private static final ImageShape GREY_28 = new ImageShape(28, 28, 1);
    private static final ImageShape RGB_32 = new ImageShape(32, 32, 3);
    private static final URI CIFAR_HOME = URI.create("https://www.cs.toronto.edu/~kriz/");

    public static final BuiltInDataset MNIST = idx("mnist", "MNIST handwritten digits", DIGITS,
            URI.create("https://yann.lecun.com/exdb/mnist/"),
            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    public static final BuiltInDataset FASHION_MNIST = idx("fashion-mnist", "Fashion-MNIST (Zalando) clothing",
            FASHION, URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    public static final BuiltInDataset CIFAR10 = new BuiltInDataset("cifar-10", "CIFAR-10 tiny colour images",
            "cifar-10", DatasetFormat.CIFAR_10_BINARY, RGB_32, CIFAR_10, 50_000, 10_000,
            List.of(cifar10Batch("data_batch_1.bin"), cifar10Batch("data_batch_2.bin"),
                    cifar10Batch("data_batch_3.bin"), cifar10Batch("data_batch_4.bin"),
                    cifar10Batch("data_batch_5.bin")),
            List.of(cifar10Batch("test_batch.bin")),
            new DownloadSpec.TarGzArchive(CIFAR_HOME, "cifar-10-binary.tar.gz",
                    "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd", 170_052_171L,
                    "cifar-10-batches-bin/"));

    private static final DownloadSpec CIFAR_100_ARCHIVE = new DownloadSpec.TarGzArchive(CIFAR_HOME,
            "cifar-100-binary.tar.gz", "58a81ae192c23a4be8b1804d68e518ed807d710a4eb253b1f2a199162a40d8ec",
            168_513_733L, "cifar-100-binary/");
    private static final List<DatasetFile> CIFAR_100_TRAIN = List.of(cifar100File("train.bin", 50_000));
    private static final List<DatasetFile> CIFAR_100_TEST = List.of(cifar100File("test.bin", 10_000));

    public static final BuiltInDataset CIFAR100 = new BuiltInDataset("cifar-100",
            "CIFAR-100 tiny colour images, 100 fine labels", "cifar-100", DatasetFormat.CIFAR_100_BINARY_FINE,
            RGB_32, CIFAR_100_FINE, 50_000, 10_000, CIFAR_100_TRAIN, CIFAR_100_TEST, CIFAR_100_ARCHIVE);

    public static final BuiltInDataset CIFAR100_COARSE = new BuiltInDataset("cifar-100-coarse",
            "CIFAR-100 tiny colour images, 20 coarse labels (superclasses)", "cifar-100",
            DatasetFormat.CIFAR_100_BINARY_COARSE, RGB_32, CIFAR_100_COARSE, 50_000, 10_000, CIFAR_100_TRAIN,
            CIFAR_100_TEST, CIFAR_100_ARCHIVE);

    public static final List<BuiltInDataset> ALL = List.of(MNIST, FASHION_MNIST, CIFAR10, CIFAR100, CIFAR100_COARSE);

    private BuiltInDatasets() {
    }

    public static Optional<BuiltInDataset> find(String name) {
        return ALL.stream().filter(dataset -> dataset.name().equals(name)).findFirst();
    }

    private static BuiltInDataset idx(String name, String description, List<String> classes, URI home,
                                      String trainImages, String trainLabels, String testImages,
                                      String testLabels) {
        int train = 60_000;
        int test = 10_000;
        int pixels = GREY_28.size();
        return new BuiltInDataset(name, description, name, DatasetFormat.IDX, GREY_28, classes, train, test,
                List.of(new DatasetFile("train-images-idx3-ubyte", trainImages, 16L + (long) train * pixels),
                        new DatasetFile("train-labels-idx1-ubyte", trainLabels, 8L + train)),
                List.of(new DatasetFile("t10k-images-idx3-ubyte", testImages, 16L + (long) test * pixels),
                        new DatasetFile("t10k-labels-idx1-ubyte", testLabels, 8L + test)),
                new DownloadSpec.GzipPerFile(home));
    }

    private static DatasetFile cifar10Batch(String name) {
        return new DatasetFile(name, null, 10_000L * CifarBinaryReader.Variant.CIFAR_10.recordSize());
    }

    private static DatasetFile cifar100File(String name, int records) {
        return new DatasetFile(name, null, (long) records * CifarBinaryReader.Variant.CIFAR_100_FINE.recordSize());
    }
}
