import type {Config} from '@docusaurus/types';

const config: Config = {
  title: 'Two Books',
  url: 'https://books.example.org',
  baseUrl: '/',
  presets: [['classic', { docs: { sidebarPath: './sidebars.ts', routeBasePath: 'guide' } }]],
  plugins: [
    [
      '@docusaurus/plugin-content-docs',
      {
        id: 'handbook',
        path: 'handbook',
        routeBasePath: 'handbook',
        sidebarPath: require.resolve('./sidebarsHandbook.js'),
        sidebarCollapsed: false,
      },
    ],
    [
      '@docusaurus/plugin-content-docs',
      { id: 'archive', path: 'archive', routeBasePath: 'archive' },
    ],
  ],
};

export default config;
