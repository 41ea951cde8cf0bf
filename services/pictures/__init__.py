"""Evidence pictures: the cluster graph, the posting-hours heatmap and the push timeline.

By stage: gather.py reads who and what is pictured (`render_pictures`, the
way in), drawer.py draws (in worker processes or in the calling thread) and
writes files, and one module per picture (graph.py, hours.py, push.py) turns
plain data into a PNG on the shared canvas (canvas.py).
"""

from services.pictures.canvas import Picture
from services.pictures.drawer import PictureDrawer, write_pictures
from services.pictures.gather import PICTURE_NAMES, render_pictures

__all__ = ["PICTURE_NAMES", "Picture", "PictureDrawer", "render_pictures", "write_pictures"]
