/**
 * What the link layer tells the network layer: which protocol follows and where it starts.
 * Every link decoder (Ethernet, Linux cooked, 802.11, PPP, tunnels' inner frames) returns this shape.
 */
export interface LinkLayer {
  /**
   * EtherType of the payload (0x0800 IPv4, 0x86dd IPv6, 0x0806 ARP, ...). 0 means "no EtherType":
   * an 802.2 LLC frame without SNAP (spanning tree, NetBIOS) or a non-IP Linux cooked protocol.
   * 0 can never be a real EtherType because values up to 1500 are 802.3 lengths.
   */
  etherType: number;
  /** Where the payload (the L3 header) starts, as an index into the buffer that was decoded. */
  offset: number;
  /** Source and destination MAC in lower-case colon form, when the link carries them. */
  srcMac?: string;
  dstMac?: string;
  /** 802.1Q / 802.1ad VLAN ids, outermost first. */
  vlans?: number[];
}

export const ETHERTYPE_NONE = 0;
export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_VLAN = 0x8100;
export const ETHERTYPE_QINQ = 0x88a8;
export const ETHERTYPE_QINQ_OLD = 0x9100;
export const ETHERTYPE_QINQ_OLD2 = 0x9200;
export const ETHERTYPE_IPV6 = 0x86dd;
export const ETHERTYPE_PPPOE_DISCOVERY = 0x8863;
export const ETHERTYPE_PPPOE_SESSION = 0x8864;
export const ETHERTYPE_MPLS = 0x8847;
export const ETHERTYPE_MPLS_MULTICAST = 0x8848;
export const ETHERTYPE_TRANSPARENT_ETHERNET = 0x6558;
export const ETHERTYPE_IPX = 0x8137;

/** LINKTYPE_* values from https://www.tcpdump.org/linktypes.html that decodeLink understands. */
export const LINKTYPE_NULL = 0;
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_PPP = 9;
export const LINKTYPE_FDDI = 10;
export const LINKTYPE_RAW_DLT12 = 12;
export const LINKTYPE_RAW_DLT14 = 14;
export const LINKTYPE_PPP_HDLC = 50;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_C_HDLC = 104;
export const LINKTYPE_IEEE802_11 = 105;
export const LINKTYPE_LOOP = 108;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IEEE802_11_PRISM = 119;
export const LINKTYPE_IEEE802_11_RADIOTAP = 127;
export const LINKTYPE_IEEE802_11_AVS = 163;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;

/** How many nested encapsulations (VLAN tags, MPLS labels, pseudowires) one frame may carry. */
export const MAX_LINK_NESTING = 8;
