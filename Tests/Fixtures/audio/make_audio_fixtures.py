#!/usr/bin/env python3
"""Writes the audio test fixtures in this folder with upstream RETURNN as the reference.

1. Short synthetic audio (two tones, a chirp and seeded noise; 0.2 s each): tone16k.wav (PCM 16),
   tone16k.flac, tone16k.ogg (Vorbis), tone8k.wav.
2. features.json: for several option sets of upstream's ExtractAudioFeatures (librosa based), the
   features of those files, plus the first decoded samples of each file (soundfile) to check the
   decoder alone. norm_mean.txt / norm_std.txt are norm files (numpy.loadtxt format) used by one set.
3. corpus.zip and corpus2.zip (OggZip layout: <name>.txt meta list + <name>/ audio folder),
   words.vocab, segments.txt, and oggzip.json: what upstream's OggZipDataset yields on them.
4. librispeech/ (LibriSpeech's directory layout: <subdir>/<speaker>/<chapter>/*.flac and
   *.trans.txt), the same as zips in librispeech-zip/, chars.vocab, and librispeech.json: what
   upstream's LibriSpeechCorpus yields on them.

Run from this folder with a Python that has returnn, librosa and soundfile installed:
  python make_audio_fixtures.py
"""
import io
import json
import os
import zipfile

import numpy
import soundfile

from returnn.datasets.util.feature_extraction import ExtractAudioFeatures
from returnn.datasets.audio import OggZipDataset


def synth(sample_rate, seconds, seed):
    """Two tones, a rising chirp and seeded noise, peak about 0.5."""
    rnd = numpy.random.RandomState(seed)
    t = numpy.arange(int(sample_rate * seconds)) / sample_rate
    y = 0.2 * numpy.sin(2 * numpy.pi * 440 * t) + 0.1 * numpy.sin(2 * numpy.pi * 1230 * t)
    y += 0.1 * numpy.sin(2 * numpy.pi * (200 + 1500 * t) * t)
    y += 0.05 * rnd.randn(len(t))
    return y


def write_audio():
    y16 = synth(16000, 0.2, 1)
    soundfile.write("tone16k.wav", y16, 16000, subtype="PCM_16")
    soundfile.write("tone16k.flac", y16, 16000, subtype="PCM_16")
    soundfile.write("tone16k.ogg", y16, 16000, format="OGG", subtype="VORBIS")
    soundfile.write("tone8k.wav", synth(8000, 0.2, 2), 8000, subtype="PCM_16")
    # Words for the corpus: other lengths so that sorting by duration matters.
    soundfile.write("utt_a.wav", synth(16000, 0.15, 3), 16000, subtype="PCM_16")
    soundfile.write("utt_b.ogg", synth(16000, 0.25, 4), 16000, format="OGG", subtype="VORBIS")
    soundfile.write("utt_c.flac", synth(16000, 0.1, 5), 16000, subtype="PCM_16")


CASES = [
    ("mfcc_default", "tone16k.wav", {}),
    ("log_mel_ogg", "tone16k.ogg", {"features": "log_mel_filterbank", "num_feature_filters": 20}),
    ("log_log_mel_flac", "tone16k.flac", {"features": "log_log_mel_filterbank", "num_feature_filters": 20}),
    ("db_mel_options", "tone16k.wav", {
        "features": "db_mel_filterbank", "num_feature_filters": 20,
        "feature_options": {"fmin": 50, "fmax": 4000, "min_amp": 1e-6}}),
    ("linear_spec_8k", "tone8k.wav", {"features": "linear_spectrogram", "num_feature_filters": 100}),
    ("mfcc_delta_perseq", "tone16k.flac", {
        "num_feature_filters": 13, "with_delta": 2, "norm_mean": "per_seq", "norm_std_dev": "per_seq",
        "preemphasis": 0.97, "peak_normalization": False}),
    ("log_mel_normfile", "tone16k.wav", {
        "features": "log_mel_filterbank", "num_feature_filters": 8, "norm_mean": "norm_mean.txt",
        "norm_std_dev": "norm_std.txt", "step_len": 0.0125}),
    ("log_mel_join", "tone16k.ogg", {"features": "log_mel_filterbank", "num_feature_filters": 6, "join_frames": 4}),
    ("log_mel_pow2_window", "tone16k.wav", {
        "features": "log_mel_filterbank", "num_feature_filters": 20, "window_len": 0.032, "step_len": 0.016}),
    ("mfcc_numbers_norm", "tone8k.wav", {
        "num_feature_filters": 10, "norm_mean": -1.5, "norm_std_dev": 4, "feature_options": {"n_mels": 40, "fmin": 100}}),
]


def rounded(a):
    return [float("%.7g" % x) for x in numpy.asarray(a, dtype="float64").ravel()]


def write_features():
    numpy.savetxt("norm_mean.txt", numpy.linspace(-8, -2, 8))
    numpy.savetxt("norm_std.txt", numpy.linspace(1, 3, 8))
    out = {"decoded": {}, "cases": []}
    for fn in ["tone16k.wav", "tone16k.flac", "tone16k.ogg", "tone8k.wav"]:
        audio, sr = soundfile.read(fn)
        out["decoded"][fn] = {"sample_rate": sr, "num_samples": len(audio), "head": rounded(audio[:40]),
                              "sum_abs": float(numpy.sum(numpy.abs(audio)))}
    for name, fn, opts in CASES:
        ex = ExtractAudioFeatures(random_state=numpy.random.RandomState(1), **opts)
        with open(fn, "rb") as f:
            feats = ex.get_audio_features_from_raw_bytes(io.BytesIO(f.read()), seq_name=name)
        assert feats.dtype == numpy.float32, feats.dtype
        out["cases"].append({"name": name, "file": fn, "options": opts, "shape": list(feats.shape),
                             "values": rounded(feats)})
    with open("features.json", "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


def write_zip(name, entries, meta_text):
    with zipfile.ZipFile(name + ".zip", "w", compression=zipfile.ZIP_DEFLATED) as z:
        # Fixed timestamps so that the zip is reproducible.
        def add(arcname, data, deflate=True):
            info = zipfile.ZipInfo(arcname, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
            z.writestr(info, data)
        add(name + ".txt", meta_text)
        for i, (file, _) in enumerate(entries):
            with open(file, "rb") as f:
                add("%s/%s" % (name, file), f.read(), deflate=i % 2 == 0)


def write_oggzip():
    with open("words.vocab", "w") as f:
        f.write(repr({"<unk>": 0, "one": 1, "two": 2, "three": 3, "four": 4}) + "\n")
    meta1 = [
        {"file": "utt_a.wav", "seq_name": "corpus/utt_a", "text": "one two", "duration": 0.15},
        {"file": "utt_b.ogg", "seq_name": "corpus/utt_b", "text": "three four one", "duration": 0.25},
        {"file": "tone16k.flac", "seq_name": "corpus/tone", "text": "two five", "duration": 0.2},
    ]
    write_zip("corpus", [(e["file"], e) for e in meta1], repr(meta1) + "\n")
    # Second zip: no seq_name (the tag is the file name); multi-line literal with a trailing comma.
    meta2 = [{"file": "utt_c.flac", "text": "four", "duration": 0.1},
             {"file": "tone16k.ogg", "text": "three  two", "duration": 0.2}]
    text2 = "[\n" + "".join("  %r,\n" % e for e in meta2) + "]\n"
    write_zip("corpus2", [(e["file"], e) for e in meta2], text2)
    with open("segments.txt", "w") as f:
        f.write("corpus/utt_a\ncorpus/utt_b\ncorpus/tone\nutt_c.flac\n")
    audio = {"features": "log_mel_filterbank", "num_feature_filters": 10}
    targets = {"vocab_file": "words.vocab", "unknown_label": "<unk>"}
    runs = []
    for label, kwargs in [
        ("sorted_two_zips", dict(path=["corpus.zip", "corpus2.zip"], audio=audio, targets=targets,
                                 seq_ordering="sorted", segment_file="segments.txt")),
        ("text_only", dict(path="corpus.zip", audio=None, targets=targets, seq_ordering="default")),
        ("partition_reverse", dict(path=["corpus.zip", "corpus2.zip"], audio=audio, targets=None,
                                   seq_ordering="sorted_reverse", partition_epoch=2)),
    ]:
        ds = OggZipDataset(**kwargs)
        ds.initialize()
        epochs = []
        for epoch in [1, 2]:
            ds.init_seq_order(epoch=epoch)
            seqs = []
            i = 0
            while ds.is_less_than_num_seqs(i):
                ds.load_seqs(i, i + 1)
                seq = {"tag": ds.get_tag(i), "orth": ds.get_data(i, "orth").tolist()}
                if "classes" in ds.get_data_keys():
                    seq["classes"] = ds.get_data(i, "classes").tolist()
                if "data" in ds.get_data_keys():
                    d = ds.get_data(i, "data")
                    seq["data_shape"] = list(d.shape)
                    seq["data"] = rounded(d)
                seqs.append(seq)
                i += 1
            epochs.append(seqs)
        runs.append({"name": label, "keys": ds.get_data_keys(), "total_num_seqs": ds.get_total_num_seqs(),
                     "all_tags": ds.get_all_tags(), "epochs": epochs})
    with open("oggzip.json", "w") as f:
        json.dump({"runs": runs}, f, separators=(",", ":"))
        f.write("\n")


LIBRI = {  # (subdir, speaker, chapter) -> [(seq, audio file, text)]
    ("train-clean-100", 19, 198): [(0, "utt_c.flac", "one")],
    ("dev-clean", 84, 121123): [(0, "utt_a.wav", "two three"), (2, "tone16k.flac", "four")],
    ("dev-clean", 174, 50561): [(1, "utt_c.flac", "one one two")],
    ("dev-other", 116, 288045): [(0, "tone16k.flac", "three")],
}


def write_librispeech():
    """librispeech/: the LibriSpeech layout (flac + trans.txt) and the same as zips in librispeech-zip/."""
    import shutil
    import soundfile as sf
    shutil.rmtree("librispeech", ignore_errors=True)
    shutil.rmtree("librispeech-zip", ignore_errors=True)
    os.makedirs("librispeech-zip")
    files = {}  # path inside LibriSpeech/ -> bytes
    for (subdir, spk, ch), utts in sorted(LIBRI.items()):
        lines = []
        for seq, src, text in utts:
            audio, sr = sf.read(src)
            buf = io.BytesIO()
            sf.write(buf, audio, sr, format="FLAC", subtype="PCM_16")
            files["%s/%i/%i/%i-%i-%04i.flac" % (subdir, spk, ch, spk, ch, seq)] = buf.getvalue()
            lines.append("%i-%i-%04i %s\n" % (spk, ch, seq, text.upper()))
        files["%s/%i/%i/%i-%i.trans.txt" % (subdir, spk, ch, spk, ch)] = "".join(lines).encode("utf8")
    for path, data in files.items():
        os.makedirs(os.path.dirname("librispeech/" + path), exist_ok=True)
        with open("librispeech/" + path, "wb") as f:
            f.write(data)
    for subdir in sorted({k[0] for k in LIBRI}):
        with zipfile.ZipFile("librispeech-zip/%s.zip" % subdir, "w") as z:
            for path, data in sorted(files.items()):
                if path.startswith(subdir + "/"):
                    info = zipfile.ZipInfo("LibriSpeech/" + path, date_time=(2020, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    z.writestr(info, data)
    from returnn.datasets.generating import LibriSpeechCorpus
    with open("chars.vocab", "w") as f:
        f.write(repr({c: i for i, c in enumerate(" EFHINORTUWX@")}) + "\n")
    audio = {"features": "log_mel_filterbank", "num_feature_filters": 6}
    runs = []
    for label, kwargs in [
        ("dev_dir_sorted", dict(path="librispeech", prefix="dev", audio=audio, seq_ordering="sorted",
                                targets={"class": "CharacterTargets", "vocab_file": "chars.vocab"})),
        ("dev_clean_zip_subset", dict(path="librispeech-zip", prefix="dev-clean", use_zip=True, audio=audio,
                                      fixed_random_subset=2, seq_tag_format="%(subdir)s/%(speaker)i-%(chapter)i-%(seq)04i")),
        ("dev_filter", dict(path="librispeech", prefix="dev", audio=None, targets={"class": "CharacterTargets", "vocab_file": "chars.vocab"},
                            epoch_wise_filter={(1, 1): {"subdirs": ["dev-clean"], "max_mean_len": 5}})),
    ]:
        ds = LibriSpeechCorpus(**kwargs)
        ds.initialize()
        epochs = []
        for epoch in [1, 2]:
            ds.init_seq_order(epoch=epoch)
            seqs = []
            for i in range(ds.num_seqs):
                ds.load_seqs(i, i + 1)
                seq = {"tag": ds.get_tag(i)}
                if "classes" in ds.get_data_keys():
                    seq["classes"] = ds.get_data(i, "classes").tolist()
                if kwargs["audio"] is not None:
                    d = ds.get_data(i, "data")
                    seq["data_shape"] = list(d.shape)
                    seq["data"] = rounded(d)
                seqs.append(seq)
            epochs.append(seqs)
        runs.append({"name": label, "total_num_seqs": ds.get_total_num_seqs(), "all_tags": ds.get_all_tags(), "epochs": epochs})
    with open("librispeech.json", "w") as f:
        json.dump({"runs": runs}, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    write_audio()
    write_features()
    write_oggzip()
    write_librispeech()
