import CSndFile
import Foundation

/// Decodes an audio file held in memory with libsndfile (WAV, FLAC, Ogg/Vorbis and the other
/// formats libsndfile reads), as upstream's `soundfile.read`: samples as doubles, integer formats
/// scaled to [-1, 1) (PCM 16 divided by 32768).
public enum AudioDecoder {
    /// Decoded mono audio.
    public struct Audio: Sendable, Equatable {
        /// The samples.
        public var samples: [Double]
        /// Samples per second.
        public var sampleRate: Int
    }

    /// Reading position over the bytes, handed to libsndfile's virtual I/O callbacks.
    final class Source {
        let bytes: [UInt8]
        var position = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
    }

    /// Decodes `bytes`; `name` (the file name) is used in errors. Multi-channel audio is an error.
    public static func decode(_ bytes: [UInt8], name: String) throws -> Audio {
        let source = Source(bytes)
        var io = SF_VIRTUAL_IO(
            get_filelen: { user in sf_count_t(Unmanaged<Source>.fromOpaque(user!).takeUnretainedValue().bytes.count) },
            seek: { offset, whence, user in
                let s = Unmanaged<Source>.fromOpaque(user!).takeUnretainedValue()
                let base: Int
                switch whence {
                case SEEK_CUR: base = s.position
                case SEEK_END: base = s.bytes.count
                default: base = 0
                }
                s.position = Swift.min(Swift.max(base + Int(offset), 0), s.bytes.count)
                return sf_count_t(s.position)
            },
            read: { ptr, count, user in
                let s = Unmanaged<Source>.fromOpaque(user!).takeUnretainedValue()
                let n = Swift.min(Int(count), s.bytes.count - s.position)
                guard n > 0, let ptr else { return 0 }
                s.bytes.withUnsafeBytes { src in ptr.copyMemory(from: src.baseAddress! + s.position, byteCount: n) }
                s.position += n
                return sf_count_t(n)
            },
            write: { _, _, _ in 0 },
            tell: { user in sf_count_t(Unmanaged<Source>.fromOpaque(user!).takeUnretainedValue().position) })
        var info = SF_INFO()
        let handle = withExtendedLifetime(source) {
            sf_open_virtual(&io, Int32(SFM_READ), &info, Unmanaged.passUnretained(source).toOpaque())
        }
        guard let handle else {
            let reason = String(cString: sf_strerror(nil))
            throw DatasetError.file(path: name, message: "cannot decode the audio (libsndfile: \(reason)); OggZipDataset reads WAV, FLAC and Ogg/Vorbis")
        }
        defer { sf_close(handle) }
        guard info.channels == 1 else {
            throw DatasetError.file(path: name, message: "has \(info.channels) channels; only mono audio is supported (convert it, e.g. sox in.wav -c 1 out.wav)")
        }
        var samples = [Double](repeating: 0, count: Int(info.frames))
        var done = 0
        try withExtendedLifetime(source) {
            while done < samples.count {
                let got = samples.withUnsafeMutableBufferPointer { buf in
                    sf_readf_double(handle, buf.baseAddress! + done, sf_count_t(buf.count - done))
                }
                if got <= 0 {
                    if sf_error(handle) != 0 {
                        throw DatasetError.file(path: name, message: "audio decoding failed after \(done) of \(samples.count) samples (libsndfile: \(String(cString: sf_strerror(handle))))")
                    }
                    break
                }
                done += Int(got)
            }
        }
        if done < samples.count { samples.removeLast(samples.count - done) }
        return Audio(samples: samples, sampleRate: Int(info.samplerate))
    }
}
