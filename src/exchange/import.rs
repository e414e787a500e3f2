//! TBX import: see below (filled in next).
