# Optional native addon for the capture helper: reads the kernel's drop counter of the helper's
# own AF_PACKET socket (see packet_stats.cc). Linux only; elsewhere it builds an empty target so
# that `node-gyp rebuild` succeeds and the helper reports drops as unknown.
{
  'targets': [
    {
      'target_name': 'packet_stats',
      'conditions': [
        ['OS=="linux"', { 'sources': ['packet_stats.cc'] }],
      ],
    },
  ],
}
