/* cmake/wasm-deps/inffast_wide.c — sluice's own inflate_fast() for the WebAssembly build of
 * zlib, used in place of zlib's inffast.c (cmake/wasm-deps/CMakeLists.txt). Only the
 * WebAssembly build uses it: native builds link Debian's libz.
 *
 * Same contract as zlib's inflate_fast() (declared in zlib's inffast.h, called by inflate()
 * in the LEN state and by inflateBack()): entry with at least 6 input bytes and 258 output
 * bytes, decode literal/length/distance codes with the tables in the inflate state until the
 * end of the block, an error, or too little input or output is left for one more code; on
 * return the stream and state reflect exactly what was consumed and produced, and the state
 * is TYPE after an end-of-block code or BAD with zlib's own message after an error.
 *
 * What differs is only how: the bit accumulator is 64 bits wide (zlib's is an unsigned long,
 * 32 bits in wasm32, so it refills twice as often), refilled eight bytes at a time with one
 * unaligned load while at least eight input bytes remain, up to three literals are decoded per
 * refill, and matches are copied in 8- or 16-byte pieces (memcpy of a constant size: one load
 * and store each) when the distance and the output room allow, instead of byte by byte (not
 * in inflateBack()'s window, see wide_ok below). Written for sluice from the deflate format
 * (RFC 1951) and the interface of zlib 1.2.13's internal headers; not derived from another
 * implementation's code.
 *
 * Bit accumulator: `hold` keeps `bits` valid bits in its low end; bits above them may hold
 * input bytes read ahead by a wide refill (they are the same stream bits a later refill ORs
 * in again, so ORing is harmless). Before returning, whole unused bytes are given back to the
 * input, leaving fewer than 8 bits, masked, in state->hold, as inflate() expects.
 */
#include <stdint.h>
#include <string.h>

#include "zutil.h"
#include "inftrees.h"
#include "inflate.h"
#include "inffast.h"

#if defined(INFLATE_ALLOW_INVALID_DISTANCE_TOOFAR_ARRR)
#error "inffast_wide.c does not implement inflateUndermine()'s zero-filling mode"
#endif

static inline uint64_t load64le(const unsigned char *p) {
    uint64_t v;
    memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

/* Copies len bytes from out - dist to out (regions may overlap when dist < len, which repeats
 * the last dist bytes, as deflate means). `room` is the output space from out to the end of
 * the caller's buffer: wide copies may write up to 15 bytes past len, so they are used only
 * when room allows (0: never, for inflateBack()'s window). Returns the new out. */
static inline unsigned char *copy_match(unsigned char *out, unsigned dist, unsigned len,
                                        size_t room) {
    const unsigned char *from = out - dist;
    if (room >= (size_t)len + 16) {
        if (dist >= 16) {
            unsigned char *stop = out + len;
            do {
                memcpy(out, from, 16);
                out += 16;
                from += 16;
            } while (out < stop);
            return stop;
        }
        if (dist >= 8) {
            unsigned char *stop = out + len;
            do {
                memcpy(out, from, 8);
                out += 8;
                from += 8;
            } while (out < stop);
            return stop;
        }
        if (dist == 1) {
            memset(out, out[-1], len);
            return out + len;
        }
    }
    do {
        *out++ = *from++;
    } while (--len);
    return out;
}

void ZLIB_INTERNAL inflate_fast(z_streamp strm, unsigned start) {
    struct inflate_state FAR *state = (struct inflate_state FAR *)strm->state;
    const unsigned char *in = strm->next_in;
    const unsigned char *const in_end = in + strm->avail_in;
    /* Loop while at least 6 input bytes (48 bits: the most one length/distance pair needs)
     * and 258 output bytes (the longest match) are left, as zlib's inflate_fast() does. */
    const unsigned char *const in_last = in_end - 5;
    unsigned char *out = strm->next_out;
    unsigned char *const out_end = out + strm->avail_out;
    unsigned char *const out_last = out_end - 257;
    /* Start of the output written since inflate() was called: the bytes before out that
     * are not in the window yet. */
    unsigned char *const beg = out - (start - strm->avail_out);
    const unsigned wsize = state->wsize;
    const unsigned whave = state->whave;
    const unsigned wnext = state->wnext;
    const unsigned char FAR *const window = state->window;
    /* inflateBack() decodes into its window (out_end is the window's end), whose bytes past out
     * are still history: the oldest bytes, which a later match at a distance near wsize reads.
     * Wide copies there would overwrite them, so matches are copied exactly. (inflate()'s output
     * is the caller's buffer, apart from the window.) */
    const int wide_ok = !(window != Z_NULL && out_end == window + wsize);
    const code FAR *const lcode = state->lencode;
    const code FAR *const dcode = state->distcode;
    const uint64_t lmask = (1u << state->lenbits) - 1;
    const uint64_t dmask = (1u << state->distbits) - 1;
    uint64_t hold = state->hold;
    unsigned bits = state->bits;
    code here;
    unsigned op, len, dist;

    do {
        /* Refill to at least 56 bits. */
        if (in_end - in >= 8) {
            hold |= load64le(in) << bits;
            in += (63 - bits) >> 3;
            bits |= 56;
        } else {
            while (bits < 56 && in < in_end) {
                hold |= (uint64_t)*in++ << bits;
                bits += 8;
            }
        }
        here = lcode[hold & lmask];
    dolen:
        hold >>= here.bits;
        bits -= here.bits;
        op = here.op;
        if (op == 0) { /* literal */
            *out++ = (unsigned char)here.val;
            /* Up to two more literals without a refill while the bits at hand hold any
             * code of the root table (a longer code, a length or the end of the block waits
             * for the next round, which refills first). */
            if (bits >= 15) {
                here = lcode[hold & lmask];
                if (here.op == 0) {
                    hold >>= here.bits;
                    bits -= here.bits;
                    *out++ = (unsigned char)here.val;
                    if (bits >= 15) {
                        here = lcode[hold & lmask];
                        if (here.op == 0) {
                            hold >>= here.bits;
                            bits -= here.bits;
                            *out++ = (unsigned char)here.val;
                        }
                    }
                }
            }
            continue;
        }
        if (op & 16) { /* length base */
            len = here.val;
            op &= 15; /* extra bits */
            if (op) {
                len += (unsigned)(hold & ((1u << op) - 1));
                hold >>= op;
                bits -= op;
            }
            here = dcode[hold & dmask];
        dodist:
            hold >>= here.bits;
            bits -= here.bits;
            op = here.op;
            if (op & 16) { /* distance base */
                dist = here.val;
                op &= 15; /* extra bits */
                dist += (unsigned)(hold & ((1u << op) - 1));
                hold >>= op;
                bits -= op;
#ifdef INFLATE_STRICT
                if (dist > state->dmax) {
                    strm->msg = (char *)"invalid distance too far back";
                    state->mode = BAD;
                    break;
                }
#endif
                op = (unsigned)(out - beg); /* distance reachable in this call's output */
                if (dist > op) {            /* starts in the window */
                    unsigned back = dist - op; /* bytes back from the window's end */
                    if (back > whave) {
                        strm->msg = (char *)"invalid distance too far back";
                        state->mode = BAD;
                        break;
                    }
                    /* The window is circular: its newest byte is at wnext - 1 (or at
                     * wsize - 1 when wnext is 0). Copy the part that lies in the window,
                     * in at most two pieces, then the rest from this call's output. (memmove: for
                     * inflateBack() the window is the output buffer itself.) */
                    unsigned take = back < len ? back : len;
                    len -= take;
                    if (back <= wnext) {
                        memmove(out, window + (wnext - back), take);
                        out += take;
                    } else {
                        unsigned tail = back - wnext; /* bytes at the end of the window */
                        unsigned first = tail < take ? tail : take;
                        memmove(out, window + (wsize - tail), first);
                        out += first;
                        if (take > first) {
                            memmove(out, window, take - first);
                            out += take - first;
                        }
                    }
                    if (len) out = copy_match(out, dist, len, wide_ok ? (size_t)(out_end - out) : 0);
                } else {
                    out = copy_match(out, dist, len, wide_ok ? (size_t)(out_end - out) : 0);
                }
            } else if ((op & 64) == 0) { /* second-level distance code */
                here = dcode[here.val + (hold & ((1u << op) - 1))];
                goto dodist;
            } else {
                strm->msg = (char *)"invalid distance code";
                state->mode = BAD;
                break;
            }
        } else if ((op & 64) == 0) { /* second-level length code */
            here = lcode[here.val + (hold & ((1u << op) - 1))];
            goto dolen;
        } else if (op & 32) { /* end of block */
            state->mode = TYPE;
            break;
        } else {
            strm->msg = (char *)"invalid literal/length code";
            state->mode = BAD;
            break;
        }
    } while (in < in_last && out < out_last);

    /* Give whole unused bytes back (on entry fewer than 8 bits were held, so these bytes
     * were all read in this call) and keep only the valid bits. */
    len = bits >> 3;
    in -= len;
    bits -= len << 3;
    hold &= ((uint64_t)1 << bits) - 1;

    strm->next_in = (z_const unsigned char *)in;
    strm->next_out = out;
    strm->avail_in = (unsigned)(in_end - in);
    strm->avail_out = (unsigned)(out_end - out);
    state->hold = (unsigned long)hold;
    state->bits = bits;
}
