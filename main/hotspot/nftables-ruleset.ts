/**
 * The nftables ruleset for a shared hotspot: one table of our own, so that `down` removes exactly
 * what `up` added with `nft delete table` and never touches the rest of the machine's firewall.
 */

export function nftTableName(tag: string): string {
  return `phonehome_${tag}`;
}

/**
 * Masquerade the hotspot subnet out of the upstream interface. Interface names are checked
 * against LINUX_IFNAME before they get here (no quotes), and are quoted so nft reads them as
 * names, not keywords.
 */
export function masqueradeRuleset(opts: { tag: string; subnet: string; upstream: string }): string {
  return [
    `table inet ${nftTableName(opts.tag)} {`,
    '\tchain postrouting {',
    '\t\ttype nat hook postrouting priority srcnat; policy accept;',
    `\t\tip saddr ${opts.subnet} oifname "${opts.upstream}" masquerade`,
    '\t}',
    '}',
    '',
  ].join('\n');
}
