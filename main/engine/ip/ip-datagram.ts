/** One complete IP datagram, IPv4 or IPv6, after fragment reassembly and extension headers. */
export interface IpDatagram {
  version: 4 | 6;
  /** Addresses as tshark prints them (dotted quad; RFC 5952 compressed lower-case IPv6). */
  src: string;
  dst: string;
  /** The upper-layer protocol (IPv6: after every extension header that was skipped). */
  protocol: number;
  /**
   * The upper-layer bytes. For an unfragmented datagram a view into the packet buffer, valid only
   * while the packet is being handled; for a reassembled one a fresh buffer.
   */
  payload: Uint8Array;
  /** Frames that carried this datagram, ascending: one, or every fragment's. */
  frames: number[];
  /** TTL (IPv4) or Hop Limit (IPv6); of the first fragment when reassembled. */
  hopLimit: number;
  fragmented: boolean;
  /** The capture cut the datagram short (snaplen): payload holds fewer bytes than were sent. */
  truncated: boolean;
}
