// libsndfile (Debian libsndfile1-dev): decodes the audio files of OggZipDataset (WAV, FLAC,
// Ogg/Vorbis, ...) from memory through its virtual-I/O interface.
#include <sndfile.h>
