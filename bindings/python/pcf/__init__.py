from ._pcf import *
