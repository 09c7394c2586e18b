"""Golden values for ImageAugmenterTest.matchesScipyAndKerasOnASquareImage.

Run: python3 keras_affine_reference.py  (needs numpy and scipy)

Two references for one square image and one transform:
  * scipy.ndimage.affine_transform (order 1) with the matrix in (row, column) order, in the modes
    ImageAugmenter documents (constant -> grid-constant, wrap -> grid-wrap, nearest, reflect);
  * the legacy ImageDataGenerator's composition (rotation . shift . shear . zoom in (x, y), centred,
    then the x/y swap) with Keras's tx/ty exchanged, which for a square image gives the same numbers:
    Keras's swap makes its tx move columns, so our column shift is Keras's tx.
"""
import numpy as np
from scipy import ndimage

N = 6
THETA, TX_ROWS, TY_COLS, SHEAR, ZX, ZY = 17.0, 1.3, -2.2, 8.0, 0.9, 1.15
CVAL = 100.0


def image():
    values = (7 + 37 * np.arange(N * N)) % 256
    return values.reshape(N, N).astype(np.uint8)


def matrix_xy(theta, shift_x, shift_y, shear, zx, zy):
    t, s = np.deg2rad(theta), np.deg2rad(shear)
    rotation = np.array([[np.cos(t), -np.sin(t), 0], [np.sin(t), np.cos(t), 0], [0, 0, 1]])
    shift = np.array([[1, 0, shift_x], [0, 1, shift_y], [0, 0, 1]])
    shearing = np.array([[1, -np.sin(s), 0], [0, np.cos(s), 0], [0, 0, 1]])
    zoom = np.array([[zx, 0, 0], [0, zy, 0], [0, 0, 1]])
    return rotation @ shift @ shearing @ zoom


def centred(m, size):
    o = (size - 1) / 2.0
    return np.array([[1, 0, o], [0, 1, o], [0, 0, 1]]) @ m @ np.array([[1, 0, -o], [0, 1, -o], [0, 0, 1]])


def ours(x, mode, cval):
    m = centred(matrix_xy(THETA, TY_COLS, TX_ROWS, SHEAR, ZX, ZY), N)
    swap = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 1]])
    rc = swap @ m @ swap  # (x, y) -> (row, column)
    return ndimage.affine_transform(x, rc[:2, :2], rc[:2, 2], order=1, mode=mode, cval=cval)


def keras_legacy_square(x, mode, cval):
    # Keras's tx lands on columns after its swap, so pass our column shift as tx.
    m = centred(matrix_xy(THETA, TY_COLS, TX_ROWS, SHEAR, ZX, ZY), N)
    m[:, [0, 1]] = m[:, [1, 0]]
    m[[0, 1]] = m[[1, 0]]
    return ndimage.affine_transform(x, m[:2, :2], m[:2, 2], order=1, mode=mode, cval=cval)


x = image().astype(np.float32) / 255
for name, mode in [("CONSTANT", "grid-constant"), ("NEAREST", "nearest"), ("REFLECT", "reflect"),
                   ("WRAP", "grid-wrap")]:
    a = ours(x, mode, np.float32(CVAL / 255))
    b = keras_legacy_square(x, mode, np.float32(CVAL / 255))
    assert np.allclose(a, b, atol=1e-6), name
    print(name, ", ".join("%.7ff" % v for v in a.ravel()))
