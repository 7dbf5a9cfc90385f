//! The codecs Arrow buffers and Parquet pages are compressed with, unpacked
//! with pure-Rust decoders only (lz4_flex, ruzstd, snap, flate2's Rust
//! backend, brotli-decompressor), so the page and the CLI read the same
//! files: ZSTD (polars' Parquet default) and brotli too.
//!
//! Every call states what the bytes unpack to; that length is held to what
//! the codec can make of so many bytes (where the format bounds it) before
//! anything is allocated, decoders that stream grow their output only as it
//! is made and stop one byte past the statement, and a length other than the
//! stated one is damage.

use std::io::Read;

/// A codec of an Arrow buffer or a Parquet page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    #[cfg(feature = "parquet")]
    Snappy,
    /// gzip members, one after another.
    #[cfg(feature = "parquet")]
    Gzip,
    /// Parquet's legacy LZ4: Hadoop's framing, else an LZ4 frame, else a bare
    /// block (what writers have put under that name, read as the parquet crate
    /// and Arrow C++ read it).
    Lz4,
    /// A bare LZ4 block (Parquet's LZ4_RAW).
    Lz4Raw,
    /// LZ4 frames (Arrow IPC's LZ4_FRAME).
    Lz4Frame,
    /// ZSTD frames.
    Zstd,
    #[cfg(feature = "parquet")]
    Brotli,
}

/// Why bytes could not be unpacked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unpack {
    /// They state more than this codec can make of their bytes.
    Implausible,
    /// They are damaged, or unpack to another length than they state.
    Damaged,
}

/// The most bytes a codec can make of `input` bytes, where its format bounds
/// it: snappy's longest copy is 64 bytes from 3, an LZ4 length byte adds 255,
/// deflate's best is 258 bytes in under 2 bits (1032 a byte), a ZSTD block is
/// at most 128 KiB and takes at least 3 bytes. Brotli has no such bound.
pub fn most(codec: Codec, input: usize) -> Option<usize> {
    let per_byte = match codec {
        #[cfg(feature = "parquet")]
        Codec::Snappy => 22,
        Codec::Lz4 | Codec::Lz4Raw | Codec::Lz4Frame => 255,
        #[cfg(feature = "parquet")]
        Codec::Gzip => 1032,
        Codec::Zstd => (128 << 10) / 3 + 1,
        #[cfg(feature = "parquet")]
        Codec::Brotli => return None,
    };
    Some(input.saturating_mul(per_byte).saturating_add(64))
}

/// `input` unpacked with `codec` to exactly `stated` bytes.
pub fn unpack(codec: Codec, input: &[u8], stated: usize) -> Result<Vec<u8>, Unpack> {
    if most(codec, input.len()).is_some_and(|most| stated > most) {
        return Err(Unpack::Implausible);
    }
    let out = match codec {
        #[cfg(feature = "parquet")]
        Codec::Snappy => snappy(input, stated)?,
        Codec::Lz4Raw => lz4_block(input, stated)?,
        Codec::Lz4 => match hadoop(input, stated) {
            Some(out) => out,
            None => lz4_frame(input, stated).or_else(|_| lz4_block(input, stated))?,
        },
        Codec::Lz4Frame => lz4_frame(input, stated)?,
        #[cfg(feature = "parquet")]
        Codec::Gzip => stream(flate2::read::MultiGzDecoder::new(input), input.len(), stated)?,
        Codec::Zstd => zstd(input, stated)?,
        #[cfg(feature = "parquet")]
        Codec::Brotli => stream(brotli_decompressor::Decompressor::new(input, 4096), input.len(), stated)?,
    };
    if out.len() == stated {
        Ok(out)
    } else {
        Err(Unpack::Damaged)
    }
}

/// Snappy states its length first: held to the statement before the output is made.
#[cfg(feature = "parquet")]
fn snappy(input: &[u8], stated: usize) -> Result<Vec<u8>, Unpack> {
    if snap::raw::decompress_len(input).map_err(|_| Unpack::Damaged)? != stated {
        return Err(Unpack::Damaged);
    }
    let mut out = vec![0; stated];
    let n = snap::raw::Decoder::new().decompress(input, &mut out).map_err(|_| Unpack::Damaged)?;
    out.truncate(n);
    Ok(out)
}

fn lz4_block(input: &[u8], stated: usize) -> Result<Vec<u8>, Unpack> {
    let mut out = vec![0; stated];
    let n = lz4_flex::block::decompress_into(input, &mut out).map_err(|_| Unpack::Damaged)?;
    out.truncate(n);
    Ok(out)
}

fn lz4_frame(input: &[u8], stated: usize) -> Result<Vec<u8>, Unpack> {
    stream(lz4_flex::frame::FrameDecoder::new(input), input.len(), stated)
}

/// Hadoop's LZ4 framing: blocks each after their unpacked and packed lengths
/// (big-endian u32s), filling the statement exactly; `None` when the bytes
/// are not so framed.
fn hadoop(mut input: &[u8], stated: usize) -> Option<Vec<u8>> {
    let mut out = vec![0; stated];
    let mut at = 0usize;
    while !input.is_empty() {
        let word = |i: usize| input.get(i..i + 4).map(|w| u32::from_be_bytes([w[0], w[1], w[2], w[3]]) as usize);
        let (unpacked, packed) = (word(0)?, word(4)?);
        let block = input.get(8..8usize.checked_add(packed)?)?;
        let end = at.checked_add(unpacked).filter(|&end| end <= stated)?;
        if lz4_flex::block::decompress_into(block, &mut out[at..end]).ok()? != unpacked {
            return None;
        }
        at = end;
        input = &input[8 + packed..];
    }
    (at == stated).then_some(out)
}

/// ZSTD frames one after another (a writer may split a page's values).
fn zstd(input: &[u8], stated: usize) -> Result<Vec<u8>, Unpack> {
    let mut source = input;
    let mut out = Vec::with_capacity(first_capacity(input.len(), stated));
    while !source.is_empty() && out.len() <= stated {
        let frame = ruzstd::decoding::StreamingDecoder::new(&mut source).map_err(|_| Unpack::Damaged)?;
        let room = (stated - out.len()) as u64 + 1;
        frame.take(room).read_to_end(&mut out).map_err(|_| Unpack::Damaged)?;
    }
    Ok(out)
}

/// A streaming decoder's output, one byte past the statement at most (so
/// that more is seen as damage), grown only as it is made.
fn stream(decoder: impl Read, input: usize, stated: usize) -> Result<Vec<u8>, Unpack> {
    let mut out = Vec::with_capacity(first_capacity(input, stated));
    decoder.take(stated as u64 + 1).read_to_end(&mut out).map_err(|_| Unpack::Damaged)?;
    Ok(out)
}

/// What to reserve before a streaming decoder has made anything: the
/// statement when it is modest beside the input, else a start it grows from
/// (in wasm a reservation is memory taken for real).
fn first_capacity(input: usize, stated: usize) -> usize {
    stated.min(input.saturating_mul(16).max(64 << 10))
}

#[cfg(all(test, feature = "parquet"))]
mod tests {
    use super::*;

    fn text() -> Vec<u8> {
        "某某工程项目0000001 交通 12.50 万元；".repeat(200).into_bytes()
    }

    #[test]
    fn every_codec_unpacks_what_it_packed() {
        let plain = text();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, &plain).unwrap();
        let gz = gz.finish().unwrap();
        let snappy = snap::raw::Encoder::new().compress_vec(&plain).unwrap();
        let block = lz4_flex::block::compress(&plain);
        let mut frame = lz4_flex::frame::FrameEncoder::new(Vec::new());
        std::io::Write::write_all(&mut frame, &plain).unwrap();
        let frame = frame.finish().unwrap();
        // Hadoop's framing, in two blocks.
        let (a, b) = plain.split_at(1000);
        let mut hadoop = Vec::new();
        for part in [a, b] {
            let packed = lz4_flex::block::compress(part);
            hadoop.extend((part.len() as u32).to_be_bytes());
            hadoop.extend((packed.len() as u32).to_be_bytes());
            hadoop.extend(packed);
        }
        let cases = [
            (Codec::Gzip, gz),
            (Codec::Snappy, snappy),
            (Codec::Lz4Raw, block.clone()),
            (Codec::Lz4, block),
            (Codec::Lz4, frame.clone()),
            (Codec::Lz4Frame, frame),
            (Codec::Lz4, hadoop),
        ];
        for (codec, packed) in cases {
            assert_eq!(unpack(codec, &packed, plain.len()).as_deref(), Ok(&plain[..]), "{codec:?}");
            // A statement one byte off either way is damage, not a shorter or longer table.
            assert_eq!(unpack(codec, &packed, plain.len() + 1), Err(Unpack::Damaged), "{codec:?}");
            assert_eq!(unpack(codec, &packed, plain.len() - 1), Err(Unpack::Damaged), "{codec:?}");
            // Cut short: damage, never a panic.
            for cut in [0, 1, packed.len() / 2] {
                assert!(unpack(codec, &packed[..cut], plain.len()).is_err(), "{codec:?} cut at {cut}");
            }
            // A frame's end mark cut off: what it held, or damage (never other bytes).
            let last = unpack(codec, &packed[..packed.len() - 1], plain.len());
            assert!(last.as_deref().map_or(true, |out| out == plain), "{codec:?}");
        }
    }

    /// ZSTD and brotli have no encoder linked: their bytes come from the
    /// engines' fixtures (read in `read::parquet`'s tests); here a ZSTD frame
    /// holding one RLE block of 100 bytes, and one raw block, written by hand
    /// from the format's description.
    #[test]
    fn zstd_frames_by_hand() {
        // Magic, a descriptor with a single segment and a one-byte content size.
        let frame = |block: &[u8], size: u8| {
            let mut f = vec![0x28, 0xB5, 0x2F, 0xFD, 0x20, size];
            f.extend(block);
            f
        };
        // Last block, RLE (type 1), size 100: header (100 << 3) | (1 << 1) | 1.
        let rle = 100u32 << 3 | 1 << 1 | 1;
        let rle = frame(&[rle as u8, (rle >> 8) as u8, (rle >> 16) as u8, b'x'], 100);
        assert_eq!(unpack(Codec::Zstd, &rle, 100), Ok(vec![b'x'; 100]));
        assert_eq!(unpack(Codec::Zstd, &rle, 99), Err(Unpack::Damaged));
        // Two frames: a raw block of 3 bytes after the RLE one.
        let raw = 3u32 << 3 | 1;
        let mut two = rle.clone();
        two.extend(frame(&[raw as u8, (raw >> 8) as u8, (raw >> 16) as u8, b'a', b'b', b'c'], 3));
        let mut expected = vec![b'x'; 100];
        expected.extend(b"abc");
        assert_eq!(unpack(Codec::Zstd, &two, 103), Ok(expected));
        for cut in 0..two.len() {
            assert!(unpack(Codec::Zstd, &two[..cut], 103).is_err());
        }
    }

    #[test]
    fn statements_past_what_the_bytes_can_hold_are_refused_unread() {
        // The hostile file's page: ~2 GiB stated from a few hundred bytes.
        for codec in [Codec::Snappy, Codec::Gzip, Codec::Lz4, Codec::Lz4Raw, Codec::Lz4Frame, Codec::Zstd] {
            assert_eq!(unpack(codec, &[0; 361], 2_147_483_000), Err(Unpack::Implausible), "{codec:?}");
        }
        // Brotli has no bound from its bytes: it streams and fails on its own.
        assert_eq!(unpack(Codec::Brotli, &[0xFF; 361], 2_147_483_000), Err(Unpack::Damaged));
    }

    #[test]
    fn garbage_is_damage_in_every_codec() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..200 {
            let bytes: Vec<u8> = (0..64)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed as u8
                })
                .collect();
            for codec in
                [Codec::Snappy, Codec::Gzip, Codec::Lz4, Codec::Lz4Raw, Codec::Lz4Frame, Codec::Zstd, Codec::Brotli]
            {
                // Whatever it makes of them, it is the stated length or an error.
                if let Ok(out) = unpack(codec, &bytes, 1000) {
                    assert_eq!(out.len(), 1000);
                }
            }
        }
    }
}
