// @ts-check
// A site in the shape create-docusaurus writes (JavaScript, CommonJS).
const {themes} = require('prism-react-renderer');

/** @type {import('@docusaurus/types').Config} */
const config = {
  title: 'Robots in Practice',
  tagline: 'Build, test, deploy',
  favicon: 'img/favicon.svg',
  url: 'https://example.org',
  baseUrl: process.env.NODE_ENV === 'production' ? '/robots/' : '/',
  onBrokenLinks: 'warn',
  markdown: { mermaid: true },
  customFields: { apiUrl: process.env.ROBOTS_API_URL || 'http://localhost:8000' },

  presets: [
    [
      'classic',
      /** @type {import('@docusaurus/preset-classic').Options} */
      ({
        docs: {
          sidebarPath: require.resolve('./sidebars.js'),
          editUrl: 'https://github.com/example/robots/tree/main/',
          exclude: ['**/drafts/**'],
          remarkPlugins: [require('remark-math')],
          rehypePlugins: [[require('rehype-katex'), { strict: false }]],
        },
        blog: false,
        theme: { customCss: require.resolve('./src/css/custom.css') },
      }),
    ],
  ],

  themeConfig:
    /** @type {import('@docusaurus/preset-classic').ThemeConfig} */
    ({
      navbar: {
        title: 'Robots',
        logo: { alt: 'Robots logo', src: 'img/logo.svg' },
        items: [
          { type: 'docSidebar', sidebarId: 'guideSidebar', position: 'left', label: 'Guide' },
          { to: '/docs/reference/cli', label: 'CLI', position: 'left' },
          { href: 'https://github.com/example/robots', label: 'GitHub', position: 'right' },
        ],
      },
      footer: {
        style: 'dark',
        links: [
          { title: 'Docs', items: [{ label: 'Introduction', to: '/docs/intro' }] },
          { title: 'Community', items: [{ label: 'Forum', href: 'https://forum.example.org' }] },
        ],
        copyright: `Copyright © ${new Date().getFullYear()} Robots Inc.`,
      },
      prism: { theme: themes.github },
    }),
};

module.exports = config;
