<?php
// AssemblyAI integration settings
return [
    'cache_etag' => 'fb48877899ac7a7e93fb30e46cf325f8',
    'assemblyai' => [
        'api_key' => '7eac0e511672903bde6e8460e090c13e',
    ],
];
